package io.jgr.store.capture;

import java.sql.SQLException;

/**
 * The replication layer's say before a session's transaction begins (MySQL's before_transaction_begin hook):
 * with group_replication_consistency BEFORE it waits until the member has applied what the group ordered
 * first. Called on the session's thread; throwing fails the statement, which then changes nothing.
 */
@FunctionalInterface
public interface BeginHook {

    BeginHook NONE = (consistency, waitTimeoutSeconds) -> { };

    /**
     * {@code consistency}: the session's group_replication_consistency; {@code waitTimeoutSeconds}: its wait_timeout,
     * read only by a level that waits.
     */
    void beforeTransactionBegin(String consistency, java.util.function.LongSupplier waitTimeoutSeconds) throws SQLException;

    /**
     * Before a write's read-only check, when no transaction is open: a newly elected primary holds the levels that ask
     * for it (BEFORE_ON_PRIMARY_FAILOVER) until it has applied its backlog and become writable, instead of the write
     * being refused meanwhile. The same hold is part of {@link #beforeTransactionBegin}. {@code consistency} is read
     * only while a hold is on: every autocommit write passes here.
     */
    default void beforeWrite(java.util.function.Supplier<String> consistency, java.util.function.LongSupplier waitTimeoutSeconds)
            throws SQLException {
    }
}
