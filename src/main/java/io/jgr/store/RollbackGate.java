package io.jgr.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the replication applier's writes out of a session's rollback while it runs.
 *
 * <p>Built against H2 2.4.240's second put-back of a rolled-back row (a store of the file between two
 * runs of one undo record's decision): seen in {@code MultiPrimaryProcessIT}, where the loser of a
 * conflict rolled back while the applier applied the winner, and that member silently kept the loser's
 * old value under a gtid_executed that claimed the winner. {@link RollbackFence} now prevents the second
 * put-back itself, for every rollback (docs/replication.md, "Rollbacks"); this gate stays so that the
 * applier writes nothing while a local rollback is still running.
 *
 * <p>A session's rollback holds the shared side for its whole H2 call, and each applier attempt holds
 * the exclusive side (then the stores, if it holds them off: the gate comes first). The applier waits at
 * most a millisecond for an H2 row lock, so a rollback normally waits for one short attempt. H2 spins a
 * waiter instead of timing it out when the holder rolled a statement back earlier (its "has rollback"
 * state); should the applier spin on this very session's row, its rollback must not wait for the
 * applier: after {@link #ROLLBACK_WAIT_MS} it rolls back without the gate. Fair, so that sessions rolling
 * back cannot starve the applier.
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
