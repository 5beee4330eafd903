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

    /** Whether the connection runs over TLS (e.g. note 1759 is only given over plaintext). */
    default boolean secureTransport() {
        return false;
    }

    /** Sets what SHOW WARNINGS lists for the statement being handled (notes, warnings). */
    default void warnings(List<Warning> warnings) {
        throw new UnsupportedOperationException("this context keeps no warnings");
    }
}
