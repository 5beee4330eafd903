package io.jgr.sql.protocol;

import io.jgr.sql.error.MySqlError;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/** Payloads of the generic response packets: OK, ERR, EOF. */
public final class Responses {
    public static final int OK = 0x00;
    public static final int EOF = 0xFE;
    public static final int ERR = 0xFF;
    private static final int SESSION_TRACK_SCHEMA = 1;
    /** MySQL cuts error texts to MYSQL_ERRMSG_SIZE - 1 bytes. */
    private static final int MAX_MESSAGE_BYTES = 511;

    private Responses() {
    }

    /**
     * OK_Packet. With SESSION_TRACK negotiated the info text is length-encoded, otherwise it runs
     * to the end of the packet. (libmariadb always reads it length-encoded, which is why the
     * server offers SESSION_TRACK, as MySQL does; no state changes are reported yet.)
     */
    public static PayloadWriter ok(long affectedRows, long lastInsertId, int status, int warnings, String info,
                                   boolean sessionTrack) {
        return ok(affectedRows, lastInsertId, status, warnings, info, sessionTrack, null);
    }

    /**
     * As above; with SESSION_TRACK and a non-null {@code newSchema}, the packet also reports the
     * schema change (SESSION_TRACK_SCHEMA), which is how clients learn that USE changed it.
     */
    public static PayloadWriter ok(long affectedRows, long lastInsertId, int status, int warnings, String info,
                                   boolean sessionTrack, String newSchema) {
        boolean tracked = sessionTrack && newSchema != null;
        PayloadWriter w = new PayloadWriter(16 + info.length());
        w.int1(OK).lenenc(affectedRows).lenenc(lastInsertId)
                .int2(tracked ? status | ServerStatus.SESSION_STATE_CHANGED : status)
                .int2(Math.min(warnings, 0xFFFF));
        if (sessionTrack) {
            w.lenencString(info);
            if (tracked) {
                byte[] name = new PayloadWriter().lenencString(newSchema).toByteArray();
                byte[] entry = new PayloadWriter().int1(SESSION_TRACK_SCHEMA).lenencBytes(name).toByteArray();
                w.lenencBytes(entry);
            }
        } else if (!info.isEmpty()) {
            // Length-encoded although the protocol documentation says string<EOF>: mysqld writes it
            // so (net_store_data in net_send_ok) and Connector/J and libmariadb read it so.
            w.lenencString(info);
        }
        return w;
    }

    /** The end of a result set under DEPRECATE_EOF: an OK packet with the EOF header byte. */
    public static PayloadWriter okAsEof(int status, int warnings) {
        return new PayloadWriter(8).int1(EOF).lenenc(0).lenenc(0).int2(status).int2(Math.min(warnings, 0xFFFF));
    }

    public static PayloadWriter eof(int status, int warnings) {
        return new PayloadWriter(8).int1(EOF).int2(Math.min(warnings, 0xFFFF)).int2(status);
    }

    /** ERR_Packet; the SQLSTATE marker only once the client has said it speaks protocol 4.1. */
    public static PayloadWriter err(int code, String sqlState, String message, boolean protocol41) {
        byte[] text = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, MAX_MESSAGE_BYTES);
        while (n < text.length && n > 0 && (text[n] & 0xC0) == 0x80) {
            n--; // do not cut a UTF-8 sequence in half
        }
        PayloadWriter w = new PayloadWriter(16 + n).int1(ERR).int2(code);
        if (protocol41) {
            String state = sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState;
            w.int1('#').bytes(state.getBytes(StandardCharsets.US_ASCII));
        }
        return w.bytes(text, 0, n);
    }

    public static PayloadWriter err(MySqlError error, boolean protocol41, Object... args) {
        return err(error.code(), error.sqlState(), error.message(args), protocol41);
    }

    /**
     * An engine error as ERR. The engine's contract is MySQL numbers; anything else (a bug, or a
     * raw driver error) is reported as 1105 with its text rather than an invented number.
     */
    public static PayloadWriter err(SQLException e, boolean protocol41) {
        int code = e.getErrorCode();
        if (code < 1000 || code > 65535) {
            return err(MySqlError.ER_UNKNOWN_ERROR.code(), MySqlError.ER_UNKNOWN_ERROR.sqlState(),
                    e.getMessage() == null ? MySqlError.ER_UNKNOWN_ERROR.message() : e.getMessage(), protocol41);
        }
        return err(code, e.getSQLState(), e.getMessage(), protocol41);
    }
}
