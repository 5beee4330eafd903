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
 * <p>A positive verdict is carried out by {@link #commitOnBehalf}: the applier thread writes the
 * transaction-log row and commits on the session's own connection while the session is parked here,
 * in group order; only then is the session woken. (Handing a run of local commits to their sessions so
 * that their H2 commits overlap was tried and removed: a kill -9 between two of them left a later GTID
 * committed without an earlier one, and the restarted member's recovery, which resumes after its
 * highest logged GTID, never fetched the hole.)
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
    /** Stage timestamps (System.nanoTime) for {@link StageTimers}, 0 when not taken. */
    volatile long deliveredAt;
    volatile long pickedAt;
    volatile long committedAt;

    /** @param connection the session's H2 connection, its transaction open (null: nothing to commit on it) */
    PendingCommit(Connection connection) {
        this.connection = connection;
    }

    /** A negative verdict: the session rolls back. */
    boolean decide(Certifier.Verdict v, long index) {
        if (claim(v, index)) {
            decided.countDown();
            return true;
        }
        return false;
    }

    /** Takes the decision without waking the session yet (it can no longer abandon); false if it had. */
    private boolean claim(Certifier.Verdict v, long index) {
        if (state.compareAndSet(State.WAITING, State.DECIDED)) {
            verdict = v;
            groupIndex = index;
            if (StageTimers.ON) {
                pickedAt = System.nanoTime();
            }
            return true;
        }
        return false;
    }

    /**
     * A positive verdict, carried out here on the caller's (the applier's) thread: the session is
     * parked in {@link #await} and does not touch its connection until this returns.
     */
    Outcome commitOnBehalf(Certifier.Verdict v, long index, CommitAction action) {
        Outcome outcome = commitWithoutWaking(v, index, action);
        if (outcome == Outcome.COMMITTED) {
            wake();
        }
        return outcome;
    }

    /**
     * As {@link #commitOnBehalf}, but a committed session stays parked until {@link #wake}: the caller
     * wakes it once the commit is durable (one store for several commits, {@code io.jgr.store.GroupCommit}).
     * A failed commit is rolled back and its session woken here.
     */
    Outcome commitWithoutWaking(Certifier.Verdict v, long index, CommitAction action) {
        if (!claim(v, index)) {
            return Outcome.ABANDONED;
        }
        try {
            action.run(connection);
            return Outcome.COMMITTED;
        } catch (SQLException | RuntimeException e) {
            commitFailure = e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
            try {
                io.jgr.store.RollbackFence.rollback(connection); // its row locks must go: the applier applies it from the payload
            } catch (SQLException ignored) {
                // the session rolls back too
            }
            wake();
            return Outcome.FAILED;
        }
    }

    /** The commit was made but could not be stored: the session reports {@code e} when woken. */
    void failAfterCommit(SQLException e) {
        commitFailure = e;
    }

    /** Wakes the session of a decided commit. */
    void wake() {
        if (StageTimers.ON) {
            committedAt = System.nanoTime();
        }
        decided.countDown();
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
