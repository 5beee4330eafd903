package io.jgr.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local transaction waiting at COMMIT for its verdict. Exactly one of two things happens: the
 * delivery side decides it, or the session gives up (broadcast failed, timeout) and abandons it —
 * after which the delivery side treats the transaction, if the group did deliver it, as a remote
 * one and applies its row images itself.
 *
 * <p>A positive verdict is carried out by the applier thread on the session's own connection
 * ({@link #commitOnBehalf}): it writes the transaction-log row and commits, in group order, while the
 * session is parked here; only then is the session woken. So the applier never waits for a session
 * thread to be scheduled, and consecutive local commits cost no hand-off back and forth.
 */
final class PendingCommit {
    private enum State { WAITING, DECIDED, ABANDONED }

    /** What the applier does on the session's connection: the log row and the commit. */
    interface CommitAction {
        void run(Connection conn) throws SQLException;
    }

    /** The outcome of {@link #commitOnBehalf}. */
    enum Outcome {
        /** The data and its log row are committed. */
        COMMITTED,
        /** The commit failed and was rolled back; the session reports the failure. */
        FAILED,
        /** The session had abandoned it first: the applier applies it like a remote transaction. */
        ABANDONED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
    private final CountDownLatch decided = new CountDownLatch(1);
    private final Connection connection;
    private volatile Certifier.Verdict verdict;
    private volatile long groupIndex;
    private volatile SQLException commitFailure;

    /** @param connection the session's H2 connection, its transaction open (null: nothing to commit on it) */
    PendingCommit(Connection connection) {
        this.connection = connection;
    }

    /** A verdict the session carries out itself (negative: it rolls back). */
    boolean decide(Certifier.Verdict v, long index) {
        if (state.compareAndSet(State.WAITING, State.DECIDED)) {
            verdict = v;
            groupIndex = index;
            decided.countDown();
            return true;
        }
        return false;
    }

    /**
     * A positive verdict, carried out here on the caller's (the applier's) thread: the session is
     * parked in {@link #await} and does not touch its connection until this returns.
     */
    Outcome commitOnBehalf(Certifier.Verdict v, long index, CommitAction action) {
        if (!state.compareAndSet(State.WAITING, State.DECIDED)) {
            return Outcome.ABANDONED;
        }
        verdict = v;
        groupIndex = index;
        Outcome outcome = Outcome.COMMITTED;
        try {
            action.run(connection);
        } catch (SQLException | RuntimeException e) {
            commitFailure = e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
            outcome = Outcome.FAILED;
            try {
                connection.rollback(); // its row locks must go: the applier applies it from the payload
            } catch (SQLException ignored) {
                // the session rolls back too
            }
        }
        decided.countDown();
        return outcome;
    }

    boolean abandon() {
        return state.compareAndSet(State.WAITING, State.ABANDONED);
    }

    /** The verdict, or null if none came in time. */
    Certifier.Verdict await(long timeoutMs) throws InterruptedException {
        return decided.await(timeoutMs, TimeUnit.MILLISECONDS) ? verdict : null;
    }

    long groupIndex() {
        return groupIndex;
    }

    /** Why the applier's commit of this positive transaction failed, or null (committed). */
    SQLException commitFailure() {
        return commitFailure;
    }
}
