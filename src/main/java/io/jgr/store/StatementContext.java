package io.jgr.store;

import io.jgr.server.config.SessionVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.Warning;
import io.jgr.store.account.Privilege;
import java.sql.SQLException;
import java.util.List;

/** What a {@link StatementHandler} may know and check about the session it runs in. */
public interface StatementContext {

    Account account();

    long connectionId();

    /** The database USE selected, or null. */
    String currentSchema();

    SessionVariables variables();

    /** 1227 ("you need (at least one of) the X or Y privilege(s)") unless the account holds one of them on *.*. */
    void requireGlobal(Privilege... anyOf) throws SQLException;

    /**
     * Adds a warning (or note) to the statement's SHOW WARNINGS list (e.g. 1287 at START
     * GROUP_REPLICATION). A default, so contexts that have no warning list stay source-compatible.
     */
    default void addWarning(io.jgr.sql.engine.Warning warning) {
        throw new UnsupportedOperationException("this statement context keeps no warnings");
    }

    /** Whether the connection runs over TLS (e.g. note 1759 is only given over plaintext). */
    default boolean secureTransport() {
        return false;
    }
}
