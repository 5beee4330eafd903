package io.jgr.sql.protocol;

import io.jgr.sql.engine.Session;

/** The status flags of OK and EOF packets (SERVER_STATUS_* / SERVER_* in {@code mysql_com.h}). */
public final class ServerStatus {
    public static final int IN_TRANS = 1;
    public static final int AUTOCOMMIT = 2;
    public static final int MORE_RESULTS_EXISTS = 8;
    public static final int LAST_ROW_SENT = 128;
    public static final int SESSION_STATE_CHANGED = 1 << 14;

    private ServerStatus() {
    }

    /** The flags describing a session's transaction state right now. */
    public static int of(Session session) {
        if (session == null) {
            return AUTOCOMMIT;
        }
        return (session.autocommit() ? AUTOCOMMIT : 0) | (session.inTransaction() ? IN_TRANS : 0);
    }
}
