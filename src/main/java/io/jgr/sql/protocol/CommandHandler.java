package io.jgr.sql.protocol;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.sql.error.MySqlError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The command phase: one packet per command, answered in MySQL's format. Engine errors become
 * ERR packets and the connection stays usable; only I/O errors, COM_QUIT and a failed
 * COM_CHANGE_USER end it. COM_STMT_CLOSE and COM_STMT_SEND_LONG_DATA are never answered.
 */
final class CommandHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CommandHandler.class);
    /** mysqld's text (with ER_UNKNOWN_ERROR) for long data beyond max_allowed_packet. */
    private static final String LONG_DATA_TOO_LONG = "Parameter of prepared statement which is set through "
            + "mysql_send_long_data() is longer than 'max_allowed_packet' bytes";
    private static final int MULTI_STATEMENTS_ON = 0;
    private static final int MULTI_STATEMENTS_OFF = 1;

    private final ClientConnection connection;
    private final PacketChannel channel;
    private final int capabilities;
    private final ServerCounters counters;
    private final ConnectionRegistry registry;
    private final ResultSetWriter results;
    private final PreparedStatements statements;
    private final ServerSettings settings;
    private final boolean sessionTrack;
    private Session session;

    CommandHandler(ClientConnection connection, PacketChannel channel, Session session, int capabilities,
                   ServerSettings settings, ServerCounters counters, ConnectionRegistry registry) {
        this.settings = settings;
        this.statements = new PreparedStatements(counters.preparedStatements);
        this.connection = connection;
        this.channel = channel;
        this.session = session;
        this.capabilities = capabilities;
        this.counters = counters;
        this.registry = registry;
        this.sessionTrack = Capabilities.has(capabilities, Capabilities.SESSION_TRACK);
        this.results = new ResultSetWriter(channel, Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF));
    }

    void loop() throws IOException {
        try {
            while (true) {
                channel.resetSequence();
                byte[] packet;
                try {
                    packet = channel.read();
                } catch (PacketTooLargeException e) {
                    error(MySqlError.ER_NET_PACKET_TOO_LARGE.exception());
                    channel.flush();
                    return;
                } catch (MalformedPacketException e) {
                    error(MySqlError.ER_NET_PACKETS_OUT_OF_ORDER.exception());
                    channel.flush();
                    return;
                } catch (java.net.SocketTimeoutException e) {
                    // idle past wait_timeout / interactive_timeout: say so, as MySQL 8.0.24+, then close
                    error(MySqlError.ER_CLIENT_INTERACTION_TIMEOUT.exception());
                    channel.flush();
                    return;
                }
                if (packet == null || packet.length == 0) {
                    return;
                }
                connection.commandStarted();
                if (!dispatch(packet)) {
                    return;
                }
                channel.flush();
                if (!connection.commandAnswered()) {
                    return;
                }
            }
        } finally {
            statements.closeAll();
        }
    }

    /** @return false when the connection must end */
    private boolean dispatch(byte[] packet) throws IOException {
        PayloadReader r = new PayloadReader(packet);
        int command = r.int1();
        if (command != Command.STMT_CLOSE && command != Command.STMT_SEND_LONG_DATA) {
            counters.question();
        }
        try {
            switch (command) {
                case Command.QUIT -> {
                    return false;
                }
                case Command.QUERY -> {
                    String schema = session.currentSchema();
                    Result result = session.execute(r.restString());
                    result(result, false, changed(schema));
                }
                case Command.INIT_DB -> {
                    session.useSchema(r.restString());
                    channel.write(Responses.ok(0, 0, ServerStatus.of(session), 0, "", sessionTrack, session.currentSchema()));
                }
                case Command.PING -> ok();
                case Command.FIELD_LIST -> fieldList(r);
                case Command.STATISTICS -> channel.write(new PayloadWriter(128)
                        .eofString(counters.statistics(registry.size())));
                case Command.SET_OPTION -> setOption(r);
                case Command.RESET_CONNECTION -> {
                    statements.closeAll();
                    session.reset();
                    ok();
                }
                case Command.CHANGE_USER -> {
                    return changeUser(r);
                }
                case Command.STMT_PREPARE -> prepare(r.restString());
                case Command.STMT_EXECUTE -> execute(r);
                case Command.STMT_SEND_LONG_DATA -> longData(r);
                case Command.STMT_CLOSE -> statements.close(r.int4());
                case Command.STMT_RESET -> reset(r.int4());
                case Command.STMT_FETCH -> throw MySqlError.ER_UNKNOWN_STMT_HANDLER.exception(r.int4(), "mysqld_stmt_fetch");
                default -> error(MySqlError.ER_UNKNOWN_COM_ERROR.exception());
            }
        } catch (SQLException e) {
            error(e);
        } catch (MalformedPacketException e) {
            error(MySqlError.ER_MALFORMED_PACKET.exception());
        } catch (RuntimeException e) {
            // An engine bug: the client gets an error and keeps its connection. The exception's
            // text may quote the statement, so only its kind and place are logged.
            LOG.error("command 0x{} failed: {} at {}", Integer.toHexString(command), e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            error(MySqlError.ER_UNKNOWN_ERROR.exception());
        }
        return true;
    }

    /** The current schema if it is no longer {@code before}, else null. */
    private String changed(String before) {
        String now = session.currentSchema();
        return now != null && !now.equals(before) ? now : null;
    }

    private void result(Result result, boolean binary) throws IOException {
        result(result, binary, null);
    }

    private void result(Result result, boolean binary, String newSchema) throws IOException {
        int status = ServerStatus.of(session);
        int warnings = session.warnings().size();
        if (result instanceof Result.Rows rows && !rows.columns().isEmpty()) {
            results.write(rows, binary, status, warnings);
        } else if (result instanceof Result.Ok o) {
            channel.write(Responses.ok(o.affectedRows(), o.lastInsertId(), status, warnings, o.info(), sessionTrack, newSchema));
        } else {
            channel.write(Responses.ok(0, 0, status, warnings, "", sessionTrack));
        }
    }

    private void ok() throws IOException {
        channel.write(Responses.ok(0, 0, ServerStatus.of(session), 0, "", sessionTrack));
    }

    private void error(SQLException e) throws IOException {
        channel.write(Responses.err(e, true));
    }

    /** COM_FIELD_LIST: table NUL wildcard; column definitions with a default-value field, then EOF. */
    private void fieldList(PayloadReader r) throws IOException, SQLException {
        String table = r.nulString();
        List<Column> columns = session.fieldList(table);
        for (Column c : columns) {
            channel.write(ColumnDefinitions.encode(c, true));
        }
        results.end(ServerStatus.of(session), 0);
    }

    /**
     * COM_SET_OPTION: answered with EOF as MySQL does. The server never advertised
     * MULTI_STATEMENTS; turning them on is accepted but statements still run one per COM_QUERY.
     */
    private void setOption(PayloadReader r) throws IOException, SQLException {
        int option = r.int2();
        if (option != MULTI_STATEMENTS_ON && option != MULTI_STATEMENTS_OFF) {
            throw MySqlError.ER_UNKNOWN_COM_ERROR.exception();
        }
        channel.write(Responses.eof(ServerStatus.of(session), 0));
    }

    private boolean changeUser(PayloadReader r) throws IOException {
        String user = r.nulString();
        byte[] auth = Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)
                ? r.bytes(r.int1()) : r.nulString().getBytes(StandardCharsets.UTF_8);
        String schema = r.hasMore() ? r.nulString() : "";
        if (r.remaining() >= 2) {
            r.int2(); // character set
        }
        String plugin = Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH) && r.hasMore() ? r.nulString() : null;
        statements.closeAll();
        try {
            session = connection.changeUser(user, plugin, auth, schema.isEmpty() ? null : schema);
        } catch (SQLException e) {
            error(e);
            channel.flush();
            return false;
        }
        ok();
        return true;
    }

    private void prepare(String sql) throws IOException, SQLException {
        PreparedQuery query = session.prepare(sql);
        PreparedStatements.Statement s = statements.add(query, settings.maxPreparedStatements());
        List<Column> params = query.parameters();
        List<Column> columns = query.columns();
        int status = ServerStatus.of(session);
        int warnings = session.warnings().size();
        channel.write(new PayloadWriter(12).int1(0).int4(s.id).int2(columns.size()).int2(params.size())
                .int1(0).int2(Math.min(warnings, 0xFFFF)));
        if (!params.isEmpty()) {
            results.writeDefinitions(params, status, warnings);
        }
        if (!columns.isEmpty()) {
            results.writeDefinitions(columns, status, warnings);
        }
    }

    /** COM_STMT_EXECUTE: id, flags (cursor types are ignored: rows are always sent at once), iteration count, parameters. */
    private void execute(PayloadReader r) throws IOException, SQLException {
        long id = r.int4();
        PreparedStatements.Statement s = statements.get(id);
        if (s == null) {
            throw MySqlError.ER_UNKNOWN_STMT_HANDLER.exception(id, "mysqld_stmt_execute");
        }
        r.int1();
        r.int4();
        if (s.longDataTooLong) {
            s.longDataTooLong = false;
            s.longData.clear();
            throw MySqlError.ER_UNKNOWN_ERROR.withText(LONG_DATA_TOO_LONG);
        }
        Map<Integer, byte[]> longData = s.takeLongData();
        List<Object> values = BinaryParameters.decode(r, s.types, longData);
        result(s.query.execute(values), true);
    }

    /** COM_STMT_SEND_LONG_DATA: appended to the parameter's value for the next execute; no reply. */
    private void longData(PayloadReader r) {
        PreparedStatements.Statement s = statements.get(r.int4());
        int param = r.int2();
        if (s != null && param < s.types.length) {
            ByteArrayOutputStream value = s.longData.computeIfAbsent(param, k -> new ByteArrayOutputStream());
            if ((long) value.size() + r.remaining() > channel.maxPayload()) {
                s.longDataTooLong = true;
                value.reset();
            } else {
                value.writeBytes(r.rest());
            }
        }
    }

    private void reset(long id) throws IOException, SQLException {
        PreparedStatements.Statement s = statements.get(id);
        if (s == null) {
            throw MySqlError.ER_UNKNOWN_STMT_HANDLER.exception(id, "mysqld_stmt_reset");
        }
        s.longData.clear();
        s.longDataTooLong = false;
        ok();
    }
}
