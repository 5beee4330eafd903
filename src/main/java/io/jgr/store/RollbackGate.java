package io.jgr.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the replication applier's writes out of a session's rollback while it runs.
 *
 * <p>H2 2.4.240 rolls a transaction back record by record of its undo log; each record's old value is
 * put back from inside an {@code MVMap.operate} on the undo log, and {@code operate} runs its decision
 * again when the undo log's root changed meanwhile (any other thread's store bumps every map's root).
 * The first pass already released the row (its value is committed again), so a writer that waited
 * for it may write and commit before the second pass puts the old value back once more, over that
 * commit. Seen in {@code MultiPrimaryProcessIT}: the loser of a conflict rolled back while the applier
 * applied the winner, and that member silently kept the loser's old value under a gtid_executed that
 * claimed the winner (docs/replication.md, "Rollbacks and the applier's writes").
 *
 * <p>So a session's rollback holds the shared side for its whole H2 call, and each applier attempt
 * holds the exclusive side. The applier waits at most a millisecond for an H2 row lock, so a rollback
 * normally waits for one short attempt. H2 spins a waiter instead of timing it out when the holder
 * rolled a statement back earlier (its "has rollback" state); should the applier spin on this very
 * session's row, its rollback must not wait for the applier: after {@link #ROLLBACK_WAIT_MS} it rolls
 * back without the gate (the race is then possible again, for that rare rollback only). Fair, so that
 * sessions rolling back cannot starve the applier.
 */
public final class RollbackGate {
    /** How long a rollback waits for the applier's attempt in progress before it goes ahead without the gate. */
    static final long ROLLBACK_WAIT_MS = 500;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    /**
     * Called by a session before H2 rolls its transaction back: takes the shared side unless the applier
     * holds the gate past {@link #ROLLBACK_WAIT_MS}. True if taken: then {@link #leaveRollback()} after.
     */
    boolean enterRollback() {
        try {
            return lock.readLock().tryLock(ROLLBACK_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the rollback still happens
            return false;
        }
    }

    void leaveRollback() {
        lock.readLock().unlock();
    }

    /** Held by the replication applier around each attempt to write rows and commit. */
    public Lock forApply() {
        return lock.writeLock();
    }
}
