package io.jgr.replication;

import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * group_replication_consistency BEFORE_ON_PRIMARY_FAILOVER (and AFTER, as MySQL's): from the moment the group elects
 * this member primary until its applier has applied everything the group ordered before the election (its backlog),
 * new transactions of those levels wait here instead of reading rows the backlog is about to change or being refused
 * by the read-only mode the new primary leaves only then. BEFORE and BEFORE_AND_AFTER need no hold: their sync point
 * is ordered after the election. Other sessions (EVENTUAL) go on: reads see the backlog's old rows, writes get 1290.
 *
 * <p>Bounded by the session's wait_timeout (3781); the replicator stopping ends the wait with 3782, the applier
 * failing with 3783, as MySQL's hold does.
 */
final class PrimaryFailoverHold {
    private static final long POLL_MS = 100;

    private final Object lock = new Object();
    private volatile boolean applyingBacklog;

    /** The delivery thread: the group elected this member, whose applier still has the backlog before it. */
    void elected() {
        applyingBacklog = true;
    }

    /**
     * The applier thread once it applied the election (held transactions go on), or the replicator stopping (they
     * fail with 3782: the caller's {@code running} is false by then).
     */
    void released() {
        synchronized (lock) {
            applyingBacklog = false;
            lock.notifyAll();
        }
    }

    boolean holding() {
        return applyingBacklog;
    }

    /**
     * Waits while this member, newly primary, applies its backlog: one volatile read when it is not.
     *
     * @param running false once the replicator stopped (3782)
     * @param applierFailed true once the applier stopped on an error: the member is leaving (3783)
     */
    void await(LongSupplier waitTimeoutSeconds, BooleanSupplier running, BooleanSupplier applierFailed) throws SQLException {
        if (!applyingBacklog) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitTimeoutSeconds.getAsLong());
        synchronized (lock) {
            while (true) {
                if (!running.getAsBoolean()) {
                    throw MySqlError.ER_GR_HOLD_KILLED.exception();
                }
                if (!applyingBacklog) {
                    return;
                }
                if (applierFailed.getAsBoolean()) {
                    throw MySqlError.ER_GR_HOLD_MEMBER_STATUS_ERROR.exception();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw MySqlError.ER_GR_HOLD_WAIT_TIMEOUT.exception();
                }
                try {
                    lock.wait(Math.max(1, Math.min(POLL_MS, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw MySqlError.ER_GR_HOLD_KILLED.exception();
                }
            }
        }
    }
}
