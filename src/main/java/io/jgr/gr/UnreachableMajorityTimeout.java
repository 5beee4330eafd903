package io.jgr.gr;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * group_replication_unreachable_majority_timeout: once this member has seen no majority for that many seconds
 * without a break, {@code expired} runs (the member then leaves the group in ERROR, as MySQL's partition
 * handler). 0, MySQL's default, waits for the majority for ever. One instance watches one START…STOP.
 */
final class UnreachableMajorityTimeout {
    /** Told which watch expired (a later START has another) and after how many seconds; runs on a timer thread. */
    @FunctionalInterface
    interface Expired {
        void expired(UnreachableMajorityTimeout watch, long seconds);
    }

    private final Expired expired;
    /** Counts losses and recoveries: a timer armed for an earlier loss finds it changed and does nothing. */
    private long epoch;
    private boolean lost;

    UnreachableMajorityTimeout(Expired expired) {
        this.expired = expired;
    }

    /** Each membership this member sees: whether it has a majority, and the timeout as it is set now. */
    synchronized void update(boolean majority, long timeoutSeconds) {
        if (majority) {
            lost = false;
            epoch++;
            return;
        }
        if (lost) {
            return; // the loss goes on: the timer armed when it began still runs
        }
        lost = true;
        long armed = ++epoch;
        if (timeoutSeconds > 0) {
            CompletableFuture.delayedExecutor(timeoutSeconds, TimeUnit.SECONDS).execute(() -> {
                if (stillLost(armed)) {
                    expired.expired(this, timeoutSeconds);
                }
            });
        }
    }

    private synchronized boolean stillLost(long armed) {
        return lost && epoch == armed;
    }
}
