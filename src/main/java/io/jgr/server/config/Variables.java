package io.jgr.server.config;

import java.sql.SQLException;

/**
 * The system variables of one server: a typed registry (scope, dynamic or not, default,
 * validation) seeded from the options file. The SQL engine reaches it only through this
 * interface and {@link SessionVariables}.
 */
public interface Variables {

    /** A view for one new client session: session values start as copies of the globals. */
    SessionVariables newSession();

    /**
     * A view for a session of {@code user}@{@code host}, who is named as the setter in
     * mysqld-auto.cnf when the session runs SET PERSIST.
     */
    default SessionVariables newSession(String user, String host) {
        return newSession();
    }

    /** The global value as {@code SELECT @@GLOBAL.name} shows it; error 1193 if unknown. */
    Object global(String name) throws SQLException;
}
