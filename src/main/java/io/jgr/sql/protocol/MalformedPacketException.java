package io.jgr.sql.protocol;

/** A packet that does not parse; the connection answers with MySQL's 1047/1043 and closes. */
public final class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message);
    }
}
