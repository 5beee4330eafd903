package io.jgr.replication;

import io.jgr.server.config.SystemVariables;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * group_replication_flow_control_mode=QUOTA as MySQL computes it: every member reports its queues and its
 * applied count through the group each flow-control period; while some member is over
 * group_replication_flow_control_applier_threshold (or _certifier_threshold), each member may commit, in the
 * next period, a quota derived from the slowest such member's capacity (what it applied in its last period,
 * less hold_percent, bounded by min_quota/max_quota, shared among the writing members or member_quota_percent);
 * a commit past the quota waits for the next period. Once no member is over, the quota grows by
 * release_percent per period until it is lifted. DISABLED never waits. What it held is counted as MySQL
 * counts it ({@code Gr_flow_control_throttle_*}, {@link #throttling}). docs/replication.md, "Flow control".
 */
final class FlowControl {
    /** MySQL's cap on a capacity ("no limit"). */
    static final long MAXTPS = Integer.MAX_VALUE;

    // read on every commit: resolved once (a lookup by name each time was 3 % of a primary's session time)
    private final SystemVariables.Global mode;
    private final SystemVariables.Global applierThreshold;
    private final SystemVariables.Global certifierThreshold;
    private final SystemVariables.Global period;
    private final SystemVariables.Global holdPercent;
    private final SystemVariables.Global releasePercent;
    private final SystemVariables.Global memberQuotaPercent;
    private final SystemVariables.Global minQuota;
    private final SystemVariables.Global minRecoveryQuota;
    private final SystemVariables.Global maxQuota;

    private final Map<UUID, MemberStats> members = new ConcurrentHashMap<>();
    /** Transactions certified here, and per origin: every member certifies all, in the same order. */
    private final AtomicLong certified = new AtomicLong();
    private final Map<UUID, AtomicLong> certifiedByOrigin = new ConcurrentHashMap<>();
    /** Reports in this period from members over a threshold. */
    private final AtomicInteger holdsInPeriod = new AtomicInteger();
    /** Commits allowed in this period (0: no limit), and used so far. */
    private final AtomicLong quotaSize = new AtomicLong();
    private final AtomicLong quotaUsed = new AtomicLong();
    private final Object nextPeriod = new Object();

    private final AtomicLong heldCount = new AtomicLong();
    private final AtomicLong heldMicros = new AtomicLong();
    private final AtomicLong holding = new AtomicLong();

    /** A member's last report, and what changed since its report before (MySQL's per-member deltas). */
    private record MemberStats(long applied, long certifiedSeen, long localSeen, long applierQueue, long certifierQueue,
                               long deltaApplied, long deltaCertified, long deltaLocal) {
    }

    FlowControl(SystemVariables vars) {
        this.mode = vars.globalHandle("group_replication_flow_control_mode");
        this.applierThreshold = vars.globalHandle("group_replication_flow_control_applier_threshold");
        this.certifierThreshold = vars.globalHandle("group_replication_flow_control_certifier_threshold");
        this.period = vars.globalHandle("group_replication_flow_control_period");
        this.holdPercent = vars.globalHandle("group_replication_flow_control_hold_percent");
        this.releasePercent = vars.globalHandle("group_replication_flow_control_release_percent");
        this.memberQuotaPercent = vars.globalHandle("group_replication_flow_control_member_quota_percent");
        this.minQuota = vars.globalHandle("group_replication_flow_control_min_quota");
        this.minRecoveryQuota = vars.globalHandle("group_replication_flow_control_min_recovery_quota");
        this.maxQuota = vars.globalHandle("group_replication_flow_control_max_quota");
    }

    /** A transaction of {@code origin} was certified here (the delivery thread, in group order). */
    void certified(UUID origin) {
        certified.incrementAndGet();
        certifiedByOrigin.computeIfAbsent(origin, o -> new AtomicLong()).incrementAndGet();
    }

    /**
     * A member's report, in group order: its applied count and queues. Its deltas count from its previous
     * report (the first one has none), what it certified and proposed between the two from this member's
     * own deliveries, which are the group's.
     */
    void report(UUID member, long applied, long applierQueue, long certifierQueue) {
        long nowCertified = certified.get();
        AtomicLong own = certifiedByOrigin.get(member);
        long nowLocal = own == null ? 0 : own.get();
        MemberStats before = members.get(member);
        MemberStats now = before == null
                ? new MemberStats(applied, nowCertified, nowLocal, applierQueue, certifierQueue, 0, 0, 0)
                : new MemberStats(applied, nowCertified, nowLocal, applierQueue, certifierQueue,
                        Math.max(0, applied - before.applied()), nowCertified - before.certifiedSeen(), nowLocal - before.localSeen());
        members.put(member, now);
        if (overThreshold(now)) {
            holdsInPeriod.incrementAndGet();
        }
    }

    void forget(UUID member) {
        members.remove(member);
        certifiedByOrigin.remove(member);
    }

    private boolean overThreshold(MemberStats s) {
        long applier = applierThreshold.number();
        long certifier = certifierThreshold.number();
        return applier > 0 && s.applierQueue() > applier || certifier > 0 && s.certifierQueue() > certifier;
    }

    private boolean quotaMode() {
        return mode.value() instanceof String m && m.equalsIgnoreCase("QUOTA");
    }

    long periodMs() {
        return Math.max(1, period.number()) * 1000;
    }

    /** This period's quota (0: no limit). */
    long quota() {
        return quotaSize.get();
    }

    /**
     * The end of a period (the replicator's timer): the next period's quota, from the reports of the one that
     * ended, as MySQL's flow_control_step; commits waiting for it go on.
     */
    void step() {
        long size = quotaSize.getAndSet(0);
        long used = quotaUsed.getAndSet(0);
        int holds = holdsInPeriod.getAndSet(0);
        if (quotaMode()) {
            long extra = size > 0 && used > size ? used - size : 0;
            quotaSize.set(holds > 0 ? throttledQuota(extra) : releasedQuota(size));
        }
        synchronized (nextPeriod) {
            nextPeriod.notifyAll();
        }
    }

    /** Some member is over a threshold: the slowest one's capacity, held back by hold_percent, per writer. */
    private long throttledQuota(long extra) {
        long certifierThr = certifierThreshold.number();
        long applierThr = applierThreshold.number();
        long minCertifier = MAXTPS;
        long minApplier = MAXTPS;
        long safe = MAXTPS;
        int writers = 0;
        int overApplying = 0;
        for (MemberStats s : members.values()) {
            if (certifierThr > 0 && s.deltaCertified() > 0 && s.certifierQueue() > certifierThr) {
                minCertifier = Math.min(minCertifier, s.deltaCertified());
            }
            if (s.deltaCertified() > 0) {
                safe = Math.min(safe, s.deltaCertified());
            }
            if (applierThr > 0 && s.deltaApplied() > 0 && s.applierQueue() > applierThr) {
                minApplier = Math.min(minApplier, s.deltaApplied());
                overApplying++;
            }
            if (s.deltaApplied() > 0) {
                safe = Math.min(safe, s.deltaApplied());
            }
            if (s.deltaLocal() > 0) {
                writers++;
            }
        }
        writers = Math.max(1, writers);
        long capacity = minCertifier < minApplier ? minCertifier : minApplier;
        // never below 5 % of the lower threshold, or the configured floors
        long floor = (long) (0.05 * Math.min(certifierThr, applierThr));
        if (minRecoveryQuota.number() > 0 && overApplying == 0) {
            floor = minRecoveryQuota.number();
        }
        if (minQuota.number() > 0) {
            floor = minQuota.number();
        }
        capacity = Math.max(Math.min(capacity, safe), floor);
        long quota = (long) (capacity * (1.0 - holdPercent.number() / 100.0));
        if (maxQuota.number() > 0) {
            quota = Math.min(quota, maxQuota.number());
        }
        if (writers > 1) {
            quota = memberQuotaPercent.number() == 0 ? quota / writers : (long) (quota * (memberQuotaPercent.number() / 100.0));
        }
        return quota - extra > 1 ? quota - extra : 1;
    }

    /** No member over a threshold: the quota grows by release_percent each period, then goes (0: no limit). */
    private long releasedQuota(long size) {
        long next;
        double factor = 1.0 + releasePercent.number() / 100.0;
        if (size > 0 && releasePercent.number() > 0 && size * factor < MAXTPS) {
            long grown = (long) (size * factor);
            next = grown > size ? grown : size + 1;
        } else {
            next = 0;
        }
        long max = maxQuota.number();
        if (max > 0) {
            next = Math.min(next > 0 ? next : max, max);
        }
        return next;
    }

    /**
     * Before a commit's broadcast: past this period's quota the caller waits for the next period (at most one
     * period, as MySQL's single timed wait). Returns true if it waited.
     */
    boolean hold() throws InterruptedException {
        if (!quotaMode()) {
            return false;
        }
        long size = quotaSize.get();
        long used = quotaUsed.incrementAndGet();
        if (size == 0 || used <= size) {
            return false;
        }
        long start = System.nanoTime();
        heldCount.incrementAndGet();
        holding.incrementAndGet();
        try {
            synchronized (nextPeriod) {
                nextPeriod.wait(periodMs());
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
