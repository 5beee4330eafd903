package io.jgr.gr;

import java.time.Duration;

/**
 * MySQL's auto-rejoin procedure ({@code group_replication_autorejoin_tries}, 8.0.16+): a member the group
 * expelled makes up to {@code tries} attempts to join it again, the first at once and each later one an
 * interval after the last failed (MySQL: 5 minutes), while staying ERROR and read-only. STOP GROUP_REPLICATION
 * cancels it, between attempts at once. One instance is one procedure, shown in performance_schema as the stage
 * {@link StageEvents#AUTO_REJOIN} while it runs.
 */
final class AutoRejoin {
    /** MySQL's fixed pause between two attempts. */
    static final Duration INTERVAL = Duration.ofMinutes(5);
    /** One attempt to join again: true once this member is back in the group. */
    @FunctionalInterface
    interface Attempt {
        boolean run();
    }

    private final long tries;
    private final Duration interval;
    private final StageEvents stages;
    private boolean cancelled;

    AutoRejoin(long tries, Duration interval, StageEvents stages) {
        this.tries = tries;
        this.interval = interval;
        this.stages = stages;
    }

    /**
     * Runs the attempts; true when one of them joined, false when all failed or the procedure was cancelled.
     * As MySQL's Autorejoin_thread, one line when each attempt starts and one when the procedure ends.
     */
    boolean run(Attempt attempt) {
        StageEvents.Stage stage = stages.begin(StageEvents.AUTO_REJOIN, "autorejoin", tries);
        try {
            return attempts(attempt, stage);
        } finally {
            stage.end();
        }
    }

    private boolean attempts(Attempt attempt, StageEvents.Stage stage) {
        long made = 0;
        boolean joined = false;
        while (!cancelled() && made < tries) {
            made++;
            stage.progress(made); // as MySQL's WORK_COMPLETED: the attempts made, this one included
            GrLog.system(GrLog.AUTO_REJOIN_STARTED, "Started auto-rejoin procedure attempt " + made + " of " + tries);
            if (attempt.run()) {
                joined = true;
                break;
            }
            if (made < tries && !pause()) {
                break;
            }
        }
        GrLog.system(GrLog.AUTO_REJOIN_FINISHED, "Auto-rejoin procedure attempt " + made + " of " + tries
                + " finished. Member was" + (joined ? "" : " not") + " able to join the group.");
        return joined;
    }

    /** Ends the procedure: no further attempt starts, and a pause between two ends now. */
    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /** Waits the interval unless cancelled meanwhile; false when cancelled. Not an interrupt: H2 closes its files on one. */
    private synchronized boolean pause() {
        long end = System.nanoTime() + interval.toNanos();
        try {
            for (long left = interval.toNanos(); !cancelled && left > 0; left = end - System.nanoTime()) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !cancelled;
    }
}
