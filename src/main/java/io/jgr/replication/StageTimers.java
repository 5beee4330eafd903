package io.jgr.replication;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a local commit's time goes, for profiling (off unless the JVM runs with
 * {@code -Djgr.replication.stageTimers=true}): the average of each stage over the commits of the last
 * {@link #REPORT_EVERY_NS}, written to the error log as a Note. Stages: prepare (write set, encoding,
 * flow control), order (broadcast until the group delivered it here), queue (delivery until the applier
 * reached it), commit (the log row and H2 commit on the session's connection), wake (until the session
 * thread ran again); for remote runs the run size and its H2 commit.
 */
final class StageTimers {
    static final boolean ON = Boolean.getBoolean("jgr.replication.stageTimers");
    private static final long REPORT_EVERY_NS = 10_000_000_000L;

    enum Stage { PREPARE, ORDER, QUEUE, COMMIT, WAKE, REMOTE_RUN_SIZE, REMOTE_RUN_COMMIT, LOCAL_RUN_SIZE }

    /** One per JVM: a member process holds one replicator at a time. */
    static final StageTimers INSTANCE = new StageTimers();

    private final LongAdder[] sums = new LongAdder[Stage.values().length];
    private final LongAdder[] counts = new LongAdder[Stage.values().length];
    private volatile long lastReport = System.nanoTime();

    StageTimers() {
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new LongAdder();
            counts[i] = new LongAdder();
        }
    }

    /** Adds one observation (nanoseconds, or a count for the run size). */
    void add(Stage stage, long value) {
        if (!ON) {
            return;
        }
        sums[stage.ordinal()].add(value);
        counts[stage.ordinal()].increment();
        long now = System.nanoTime();
        if (now - lastReport > REPORT_EVERY_NS) {
            synchronized (this) {
                if (now - lastReport > REPORT_EVERY_NS) {
                    lastReport = now;
                    report();
                }
            }
        }
    }

    private void report() {
        StringBuilder sb = new StringBuilder("stage timers (avg over the last period):");
        for (Stage s : Stage.values()) {
            long n = counts[s.ordinal()].sumThenReset();
            long sum = sums[s.ordinal()].sumThenReset();
            if (n == 0) {
                continue;
            }
            sb.append(' ').append(s.name().toLowerCase()).append('=');
            if (s == Stage.REMOTE_RUN_SIZE || s == Stage.LOCAL_RUN_SIZE) {
                sb.append(String.format("%.1f", (double) sum / n));
            } else {
                sb.append(String.format("%.3fms", sum / 1e6 / n));
            }
            sb.append(" (n=").append(n).append(')');
        }
        ErrorLog.groupReplication(LogLevel.NOTE, "MY-011071", sb.toString());
    }
}
