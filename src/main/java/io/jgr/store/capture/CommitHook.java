package io.jgr.store.capture;

import java.sql.SQLException;

/**
 * The replication layer's say in a commit. Called on the session's thread while the H2
 * transaction is still open; throwing rolls the transaction back and the client gets the
 * exception (e.g. 3101 after a failed certification).
 */
@FunctionalInterface
public interface CommitHook {

    CommitHook ACCEPT = tx -> { };

    void beforeCommit(CapturedTransaction tx) throws SQLException;

    /**
     * The same, with the session's H2 connection, whose transaction is still open for a row
     * transaction: the replication layer writes its transaction-log row there, so that it
     * commits atomically with the data. The engine calls this form.
     */
    default void beforeCommit(CapturedTransaction tx, java.sql.Connection connection) throws SQLException {
        beforeCommit(tx);
    }

    /** H2 committed a row transaction that {@link #beforeCommit(CapturedTransaction, java.sql.Connection)} accepted. */
    default void afterCommit(CapturedTransaction tx) {
    }
}
