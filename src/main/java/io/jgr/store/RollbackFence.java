package io.jgr.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.DatabaseEventListener;
import org.h2.engine.Session;
import org.h2.jdbc.JdbcConnection;

/**
 * Keeps H2's stores of its file out of its rollbacks.
 *
 * <p>H2 2.4.240 rolls a transaction back record by record of its undo log. Each record's old value is
 * put back from inside an {@code MVMap.operate} on the undo log, and {@code operate} runs that put-back
 * again when the undo log's root moved meanwhile; every store of the file moves every map's root. After
 * the first put-back the row is free, and a writer that waits for it retries at once (H2 does not make
 * a waiter sleep on a holder that is rolling back, or that rolled a statement back earlier), so it may
 * write the row before the second put-back writes the old value over it. When that writer updated an
 * indexed column, its index entry stays and its row change is lost: the table and its index disagree,
 * and the member's data differs from the group's. {@code RollbackFenceTest} shows it on H2 alone.
 *
 * <p>So every rollback runs with the stores held off ({@link StoreSuspension}), and the undo log's root
 * does not move under it: the rollbacks jgr asks for ({@link #rollback}, {@link #fenced}), and those H2
 * makes on its own when a statement fails inside {@link #armed} work — a deadlock victim's whole
 * transaction, a failed statement's changes. H2 reports such a failure to its database event listener
 * ({@link Listener}, named in the engine's URL) before it rolls back; inside {@code armed} work that
 * report holds the stores off until the work returns. Meanwhile other threads' commits wait for their
 * store: a rollback delays them by its own length. Lock order: H2's session lock, then the stores; the
 * one exception, {@link GroupCommit#run} committing on parked sessions' connections, takes locks no
 * other thread holds (a parked session's own thread is waiting for that very commit).
 *
 * <p>Not covered: a rollback inside H2 that it reports to nobody — an index change undone within one
 * row's update or insert, a statement retried after a concurrent update. Those undo only entries the
 * statement itself touched first; such an entry is an index entry under a row lock the transaction
 * keeps, or a row the statement was inserting.
 */
public final class RollbackFence {
    /** H2 work that may throw. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** H2 work with no result. */
    @FunctionalInterface
    public interface SqlAction {
        void run() throws SQLException;
    }

    private static final ThreadLocal<Armed> ARMED = new ThreadLocal<>();

    private RollbackFence() {
    }

    /** Rolls back {@code conn}'s transaction with the stores held off. */
    public static void rollback(Connection conn) throws SQLException {
        fenced(conn, conn::rollback);
    }

    /** Runs {@code action}, which rolls back on {@code conn} (e.g. ROLLBACK TO SAVEPOINT), with the stores held off. */
    public static void fenced(Connection conn, SqlAction action) throws SQLException {
        // H2's session lock first: another thread (the applier aborting a session) waits here for a
        // statement in progress without holding the stores off meanwhile; a statement takes them in this order
        Session session = conn.unwrap(JdbcConnection.class).getSession();
        session.lock();
        try (StoreSuspension.Hold held = StoreSuspension.of(GroupCommit.mvStore(conn)).hold()) {
            action.run();
        } finally {
            session.unlock();
        }
    }

    /**
     * Runs {@code work}, which executes statements on {@code conn}, such that a rollback H2 makes on its own
     * when one of them fails runs with the stores held off: from H2's report of the failure until
     * {@code work} returns or throws. Nested calls run inside the outer one.
     */
    public static <T> T armed(Connection conn, SqlWork<T> work) throws SQLException {
        if (ARMED.get() != null) {
            return work.run();
        }
        Armed armed = new Armed(conn);
        ARMED.set(armed);
        try {
            return work.run();
        } finally {
            ARMED.remove();
            armed.release();
        }
    }

    /** The statements of one {@link #armed} call; holds the stores off from the first failure on. */
    private static final class Armed {
        private final Connection conn;
        private StoreSuspension.Hold held;

        Armed(Connection conn) {
            this.conn = conn;
        }

        void holdStores() {
            if (held == null) {
                try {
                    held = StoreSuspension.of(GroupCommit.mvStore(conn)).hold();
                } catch (SQLException e) {
                    // the connection is gone: nothing of it to roll back
                }
            }
        }

        void release() {
            if (held != null) {
                held.close();
                held = null;
            }
        }
    }

    /**
     * H2's database event listener: told of a statement's failure before H2 rolls it (or, for a deadlock
     * victim, its transaction) back, on the statement's thread.
     */
    public static final class Listener implements DatabaseEventListener {
        @Override
        public void exceptionThrown(SQLException e, String sql) {
            Armed armed = ARMED.get();
            if (armed != null) {
                armed.holdStores();
            }
        }
    }
}
