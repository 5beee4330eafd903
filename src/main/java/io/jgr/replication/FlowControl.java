package io.jgr.replication;

import io.jgr.server.config.SystemVariables;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * group_replication_flow_control_mode=QUOTA, simplified: every member reports its applier and
 * certifier queues through the group each flow-control period; while any member is above
 * group_replication_flow_control_applier_threshold (or _certifier_threshold), a member holds
 * each of its commits back before broadcasting it, for at most one period — so writers slow to
 * what the slowest member applies instead of leaving it unboundedly behind. DISABLED never waits.
 * What it held is counted as MySQL counts it ({@code Gr_flow_control_throttle_*}, {@link #throttling}).
 */
final class FlowControl {
    // read on every commit: resolved once (a lookup by name each time was 3 % of a primary's session time)
    private final SystemVariables.Global mode;
    private final SystemVariables.Global applierThreshold;
    private final SystemVariables.Global certifierThreshold;
    private final SystemVariables.Global period;
    private final Map<UUID, long[]> queues = new ConcurrentHashMap<>();
    private final AtomicLong heldCount = new AtomicLong();
    private final AtomicLong heldMicros = new AtomicLong();
    private final AtomicLong holding = new AtomicLong();

    FlowControl(SystemVariables vars) {
        this.mode = vars.globalHandle("group_replication_flow_control_mode");
        this.applierThreshold = vars.globalHandle("group_replication_flow_control_applier_threshold");
        this.certifierThreshold = vars.globalHandle("group_replication_flow_control_certifier_threshold");
        this.period = vars.globalHandle("group_replication_flow_control_period");
    }

    void report(UUID member, long applierQueue, long certifierQueue) {
        queues.put(member, new long[] {applierQueue, certifierQueue});
    }

    void forget(UUID member) {
        queues.remove(member);
    }

    /** Whether some member is over a threshold (mode QUOTA only). */
    boolean throttled() {
        if (!(mode.value() instanceof String m && m.equalsIgnoreCase("QUOTA"))) {
            return false;
        }
        long applier = applierThreshold.number();
        long certifier = certifierThreshold.number();
        for (long[] q : queues.values()) {
            if (applier > 0 && q[0] > applier || certifier > 0 && q[1] > certifier) {
                return true;
            }
        }
        return false;
    }

    long periodMs() {
        return Math.max(1, period.number()) * 1000;
    }

    /** Holds the caller while throttled, at most one period. Returns true if it waited. */
    boolean hold() throws InterruptedException {
        if (!throttled()) {
            return false;
        }
        long start = System.nanoTime();
        long deadline = start + periodMs() * 1_000_000;
        heldCount.incrementAndGet();
        holding.incrementAndGet();
        try {
            while (throttled() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            holding.decrementAndGet();
            heldMicros.addAndGet((System.nanoTime() - start) / 1_000);
        }
        return true;
    }

    FlowControlThrottling throttling() {
        return new FlowControlThrottling(heldCount.get(), heldMicros.get(), holding.get());
    }
}
