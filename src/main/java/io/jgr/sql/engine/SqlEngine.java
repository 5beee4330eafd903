package io.jgr.sql.engine;

import java.net.InetAddress;
import java.sql.SQLException;
import java.util.Optional;

/** One member's SQL engine: its accounts, its global variables and its client sessions. */
public interface SqlEngine extends AutoCloseable {

    /**
     * The account a client named {@code user} connecting from {@code client} authenticates as,
     * chosen by MySQL's host-matching rules (most specific host first), or empty if none matches.
     */
    Optional<Account> findAccount(String user, InetAddress client);

    /** Opens a session for an authenticated connection. */
    Session openSession(ConnectionInfo connection) throws SQLException;

    /**
     * The global value of a system variable as {@code SELECT @@GLOBAL.name} shows it (e.g. the
     * protocol reads {@code require_secure_transport}, {@code max_allowed_packet}), or empty if
     * no such variable exists.
     */
    Optional<String> globalVariable(String name);

    @Override
    void close();
}
