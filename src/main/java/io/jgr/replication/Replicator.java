package io.jgr.replication;

import io.jgr.gcs.Group;
import io.jgr.gcs.GroupStateMachine;
import io.jgr.gcs.Member;
import io.jgr.gcs.Membership;
import io.jgr.server.config.SystemVariables;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.error.MySqlError;
import io.jgr.store.H2Engine;
import io.jgr.store.H2Errors;
import io.jgr.store.capture.BeginHook;
import io.jgr.store.capture.CapturedTransaction;
import io.jgr.store.capture.CommitHook;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Group Replication's transaction pipeline on one member: the {@link CommitHook} that turns a
 * local commit into a broadcast and waits for its verdict, the {@link GroupStateMachine} that
 * certifies every delivered transaction deterministically, and the {@link Applier} that brings
 * remote transactions into the data. Also single-primary elections (super_read_only on
 * secondaries), flow control and the member statistics.
 *
 * <p>Lifecycle, driven by the plugin: construct (before {@code Group.join}, which may deliver at
 * once), {@link #start(Group)} once joined, {@link #membershipChanged} on every membership
 * notification, {@link #stop()} at STOP GROUP_REPLICATION. One instance serves one START…STOP:
 * the next START builds a new one ({@link #close()} the old one).
 */
public final class Replicator implements GroupStateMachine, CommitHook, Applier.Host, AutoCloseable {
    /** How long a commit waits for its verdict before it fails (the group may be stuck without a majority). */
    static final long VERDICT_WAIT_MS = 60_000;

    private final H2Engine engine;
    private final SystemVariables vars;
    private final ExecutedGtids executed;
    /** Run once this pipeline commits through the group (the plugin's bootstrap acknowledgement). */
    private volatile Runnable onStart = () -> { };
    private final UUID groupName;
    private final UUID self;
    private final ReplicationStats stats = new ReplicationStats();
    private final TableKeysCache tableKeys = new TableKeysCache();
    private final WriteSetExtractor extractor = new WriteSetExtractor(tableKeys);
    private final Certifier certifier = new Certifier();
    private final FlowControl flowControl;
    private final TransactionLog log;
    private final io.jgr.store.H2Session logReader;
    private final Applier applier;
    private final LocalTransactions locals;
    private final AccountMirror accounts;
    private final Map<Long, PendingCommit> pending = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> weights = new ConcurrentHashMap<>();
    /** Each member's SQL endpoint as it announced it (MemberInfo): the donors of distributed recovery. */
    private final Map<UUID, SqlEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<Long>> joinPoints = new ConcurrentHashMap<>();
    private volatile String sqlHost = "";
    private volatile int sqlPort;
    /** Deterministic state, changed only on the delivery thread: each member's reported applied index. */
    private final Map<UUID, Long> progress = new ConcurrentHashMap<>();
    /** Each other member's last Stats: their rows of replication_group_member_stats here. */
    private final Map<UUID, GroupMessage.Stats> reported = new ConcurrentHashMap<>();
    /**
     * Local ids start from the clock (×2^20): a restarted member (same server_uuid) that replays the
     * group's log meets its previous incarnation's transactions, whose ids must not match a new commit's.
     */
    private final AtomicLong localIds = new AtomicLong(System.currentTimeMillis() << 20);
    /** Names this pipeline's announcements (MemberInfo): an earlier incarnation's, met in the log, are not ours. */
    private final long pipeline = new java.security.SecureRandom().nextLong();
    private final ScheduledExecutorService timer;
    private volatile Group group;
    private volatile boolean running;
    private volatile UUID primary;
    private volatile long lastDelivered;
    private volatile long lastGtid;
    /**
     * Whether this pipeline knows where the group's GTIDs continue (delivery thread only): from the first
     * MemberInfo of the group's log (see {@link GroupMessage.MemberInfo#executed}) or from a snapshot. Until then
     * the certifier counts from 0, which after a group bootstrapped again would number new transactions with
     * GTIDs its members already hold.
     */
    private boolean gtidBaseKnown;
    /**
     * The group's mode settings at this point of its log ({@link ConfigurationFlags}; delivery thread): from its
     * first MemberInfo (its bootstrapper's), a snapshot, then each mode switch. A joiner replaying the log keeps its
     * own variables meanwhile; at its join point they must equal these, else it is refused.
     */
    private volatile int groupFlags = ConfigurationFlags.UNKNOWN;
    /** group_replication_consistency at a transaction's begin and before a write (MySQL's before_transaction_begin). */
    private final BeginHook beginHook = new BeginHook() {
        @Override
        public void beforeTransactionBegin(String consistency, java.util.function.LongSupplier waitTimeoutSeconds)
                throws SQLException {
            Replicator.this.beforeTransactionBegin(consistency, waitTimeoutSeconds);
        }

        @Override
        public void beforeWrite(java.util.function.Supplier<String> consistency, java.util.function.LongSupplier waitTimeoutSeconds)
                throws SQLException {
            holdOnPrimaryFailover(consistency, waitTimeoutSeconds);
        }
    };
    /** A newly elected primary's hold while it applies its backlog (BEFORE_ON_PRIMARY_FAILOVER). */
    private final PrimaryFailoverHold failoverHold = new PrimaryFailoverHold();
    /** group_replication_consistency AFTER: the state of {@link AfterConsistency}. */
    private final AfterConsistency after = new AfterConsistency();
    /** Whether this member's mode variables follow the group's: from start() or from its accepted join point. */
    private volatile boolean followsGroupMode;
    private volatile long stableIndex;
    /** Set when a snapshot skipped transactions this member had not applied: it applies nothing more. */
    private volatile boolean dataGap;
    private volatile Consumer<String> dataGapListener = reason -> { };
    /** Set when the applier stopped on a transaction it could not apply: nothing more is delivered to it. */
    private volatile boolean applierStopped;
    private volatile Consumer<String> applierFailureListener = reason -> { };
    /** Whether the plugin has this member ONLINE: an ERROR member refuses the levels that wait for others (3796). */
    private volatile java.util.function.BooleanSupplier online = () -> true;
    /** The plugin's reason to refuse commits now (no majority, not ONLINE), checked before any work. */
    private volatile java.util.function.Supplier<java.util.Optional<String>> writeBlock = java.util.Optional::empty;

    public Replicator(H2Engine engine, SystemVariables vars, UUID groupName, UUID serverUuid) throws SQLException {
        this(engine, vars, groupName, serverUuid, new ExecutedGtids(vars));
    }

    /** {@code executed}: where {@code @@gtid_executed} is composed with the server's own transactions. */
    public Replicator(H2Engine engine, SystemVariables vars, UUID groupName, UUID serverUuid, ExecutedGtids executed)
            throws SQLException {
        this.engine = engine;
        this.vars = vars;
        this.executed = executed;
        this.groupName = groupName;
        this.self = serverUuid;
        this.flowControl = new FlowControl(vars);
        this.logReader = engine.openApplierSession();
        this.log = new TransactionLog(logReader.connection(), engine.transactionLogFile());
        this.locals = new LocalTransactions(engine);
        this.accounts = new AccountMirror(engine.accountStore());
        this.applier = new Applier(engine.openApplierSession(), engine.rollbackGate(), this, stats, "jgr-applier-" + serverUuid);
        long held = log.last();
        if (held > 0) {
            // after a restart: what this member holds of the group's history (distributed recovery
            // starts from it, @@gtid_executed shows it before anything new is applied, and the group's log
            // replayed to this member does not apply it twice)
            applied(held);
            applier.skipThrough(held);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jgr-replication-stats");
            t.setDaemon(true);
            return t;
        });
    }

    // ------------------------------------------------------------------ lifecycle (the plugin)

    /** Joined: commits now go through the group. Single-primary: read-only until elected. */
    public void start(Group joined) {
        this.group = joined;
        joined.preferLeader(this::wantedLeader);
        followsGroupMode = true;
        boolean single = singlePrimaryMode();
        setReadOnly(single);
        running = true;
        engine.setCommitHook(this);
        engine.setBeginHook(beginHook);
        onStart.run();
        broadcastQuietly(memberInfo());
        long period = flowControl.periodMs();
        timer.scheduleAtFixedRate(this::endOfPeriod, period, period, TimeUnit.MILLISECONDS);
        membershipChanged(joined.membership());
    }

    /** {@code action} runs when {@link #start} has made commits go through the group. */
    public void onStart(Runnable action) {
        this.onStart = Objects.requireNonNull(action);
    }

    /**
     * BEFORE, AFTER and BEFORE_AND_AFTER are refused (3796) while {@code online} is false, as MySQL refuses them on a
     * member that is not ONLINE: a member the plugin moved to ERROR still runs this pipeline until STOP.
     */
    public void consistencyNeedsOnline(java.util.function.BooleanSupplier online) {
        this.online = Objects.requireNonNull(online);
    }

    /** Commits fail at once (3100, the reason logged) while {@code reason} gives one. */
    public void refuseCommitsWhile(java.util.function.Supplier<java.util.Optional<String>> reason) {
        this.writeBlock = Objects.requireNonNull(reason);
    }

    /** STOP GROUP_REPLICATION: local commits are refused by super_read_only again; waiting commits fail. */
    public void stop() {
        running = false;
        engine.setCommitHook(null); // the standalone hook: commits from now on are this server's own
        engine.setBeginHook(null);
        setReadOnly(true);
        failoverHold.released(); // held sessions see running false: 3782
        timer.shutdownNow();
        after.clear();
        for (PendingCommit p : pending.values()) {
            p.abandon();
        }
    }

    @Override
    public void close() {
        stop();
        applier.close();
        logReader.close();
    }

    /**
     * A membership notification: forget departed members, and in single-primary mode elect a new
     * primary (by weight, then lowest UUID) when there is none or it has left. The proposal goes
     * through the group so that every member switches at the same point of the log.
     */
    public void membershipChanged(Membership m) {
        if (!running || m == null) {
            return;
        }
        for (Member d : m.departed()) {
            broadcastQuietly(new GroupMessage.Forget(d.memberId()));
        }
        if (singlePrimaryMode() && m.majority()) {
            UUID current = primary;
            // only on a departure the group reports (LEFT/EXPELLED): a member missing from one
            // transient view must not be replaced
            boolean departed = current != null && m.departed().stream().anyMatch(d -> d.memberId().equals(current));
            if (current == null || departed) {
                PrimaryElection.elect(m.members(), weights).ifPresent(c -> broadcastQuietly(new GroupMessage.Elect(c, current)));
            }
        }
    }

    /**
     * group_replication_set_as_primary: proposes {@code candidate} in place of the current primary through the
     * group, so that every member switches at the same point of its log (the transactions ordered before it stay
     * the old primary's, certified as always), and waits until this member has applied the switch. False when
     * that did not happen within {@code wait} (the proposal was not ordered, or a failover replaced the primary
     * first: the proposal then names a primary that is no longer current and changes nothing).
     */
    public boolean appointPrimary(UUID candidate, Duration wait) throws InterruptedException {
        return propose(new GroupMessage.Elect(candidate, primary), () -> candidate.equals(primary), wait);
    }

    /**
     * group_replication_switch_to_multi_primary_mode / …_single_primary_mode: the group's mode (and in
     * single-primary mode its primary) changes at one point of the log on every member; each member's read-only
     * mode follows once it applied everything before that point, and the new mode is persisted (as MySQL's
     * PERSIST_ONLY) so that a restart comes back in it. A single-primary switch without {@code newPrimary} elects
     * one as a failover does (weight, then lowest UUID). False when this member had not applied the switch within
     * {@code wait}.
     */
    public boolean switchMode(boolean multiPrimary, UUID newPrimary, Duration wait) throws InterruptedException {
        Group g = group;
        UUID chosen = multiPrimary || newPrimary != null || g == null ? newPrimary
                : PrimaryElection.elect(g.membership().members(), weights).orElse(null);
        if (!multiPrimary && chosen == null) {
            return false;
        }
        return propose(new GroupMessage.ModeSwitch(multiPrimary, chosen),
                () -> singlePrimaryMode() != multiPrimary && (multiPrimary || chosen.equals(primary)), wait);
    }

    /** Broadcasts {@code proposal}, then waits until {@code delivered} holds and this member applied through that point. */
    private boolean propose(GroupMessage proposal, java.util.function.BooleanSupplier delivered, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Group g = group;
        if (g == null) {
            return false;
        }
        byte[] encoded = MessageCodec.encode(proposal);
        while (true) {
            try {
                g.broadcast(encoded).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                // a Raft vote under way (a new primary taking the lead) leaves the group leaderless for a moment;
                // sending again is harmless: a proposal the group ordered twice is stale the second time
                if (g.unavailableReason() != null || System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.sleep(PROPOSE_RETRY_MS);
            }
        }
        while (!delivered.getAsBoolean()) { // delivered here: every member switches at this point of the log
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return awaitApplied(lastDelivered, deadline, 5); // applied here: this member's read-only mode follows
    }

    /**
     * Waits, polling every {@code pollMs}, until this member's applier has passed group index {@code index}; false at
     * {@code deadline} (System.nanoTime) or when Group Replication stops first.
     */
    private boolean awaitApplied(long index, long deadline, long pollMs) throws InterruptedException {
        while (applier.appliedThrough() < index) {
            if (System.nanoTime() - deadline > 0 || !running) {
                return false;
            }
            Thread.sleep(pollMs);
        }
        return true;
    }

    // ------------------------------------------------------------------ distributed recovery (issue 7)

    /** A member's SQL endpoint: where a joiner connects to it as donor. */
    public record SqlEndpoint(String host, int port) {
    }

    /** This member's SQL endpoint, announced to the group in its MemberInfo; set before {@link #start}/{@link #joinPoint}. */
    public void setSqlEndpoint(String host, int port) {
        this.sqlHost = host == null ? "" : host;
        this.sqlPort = port;
    }

    /** The SQL endpoint a member announced, if any. */
    public java.util.Optional<SqlEndpoint> sqlEndpoint(UUID member) {
        return java.util.Optional.ofNullable(endpoints.get(member));
    }

    /**
     * A joiner, before {@code Group.join}: what the group delivers stays queued (not applied) until
     * {@link #releaseAfterRecovery}, so nothing is applied before the missing range.
     */
    public void holdForRecovery() {
        applier.hold();
    }

    /**
     * Announces this member (its MemberInfo) and completes, when that message comes back in group order,
     * with the last GTID certified before it: everything up to it must come from a donor (or is here
     * already), everything after it is delivered to this member and waits in the held applier.
     */
    public CompletableFuture<Long> joinPoint() {
        CompletableFuture<Long> point = new CompletableFuture<>();
        CompletableFuture<Long> earlier = joinPoints.putIfAbsent(self, point);
        if (earlier != null) {
            point = earlier; // asked again (the announcement may have been lost): the same point
        }
        Group g = group;
        if (g == null) {
            point.completeExceptionally(new IllegalStateException("not in a group"));
            return point;
        }
        CompletableFuture<Long> p = point;
        g.broadcast(MessageCodec.encode(memberInfo())).whenComplete((index, err) -> {
            if (err != null) {
                joinPoints.remove(self, p);
                p.completeExceptionally(err);
            }
        });
        return point;
    }

    /** The highest GTID number this member's transaction log holds (what it has of the group's history). */
    public long localGtid() throws SQLException {
        return log.last();
    }

    /**
     * The apply path for what a donor sends (the applier is held meanwhile, see {@link #holdForRecovery}):
     * transactions after this member's own log, many per H2 commit, on a thread and session of their own.
     * Close it before {@link #releaseAfterRecovery}.
     */
    public RecoveryApplier recoveryApplier() throws SQLException {
        if (!applier.held()) {
            throw new IllegalStateException("the applier is not held for recovery");
        }
        return new RecoveryApplier(engine.openApplierSession(), this, log.last(), "jgr-recovery-applier-" + self);
    }

    /** The missing range is applied through {@code through}: the queued deliveries after it follow. */
    public void releaseAfterRecovery(long through) {
        applier.release(through);
    }

    /** Sets the group this replicator delivers for without starting the commit path (a joiner during recovery). */
    public void attach(Group joined) {
        this.group = joined;
        joined.preferLeader(this::wantedLeader);
    }

    /**
     * A joiner from START until {@link #start}: attached to {@code joined}, and the consistency levels that wait for
     * other members are refused on this member, which is not ONLINE yet (3796, as MySQL's).
     */
    public void joining(Group joined) {
        attach(joined);
        engine.setBeginHook(beginHook);
    }

    public UUID groupName() {
        return groupName;
    }

    GroupMessage.MemberInfo memberInfo() {
        int weight = ((Number) vars.globalValue("group_replication_member_weight")).intValue();
        long executed;
        try {
            executed = log.last();
        } catch (SQLException e) {
            executed = 0; // only a group's first announcement uses it, and its bootstrapper just read it at start
        }
        return new GroupMessage.MemberInfo(self, weight, sqlHost, sqlPort, pipeline, executed, ConfigurationFlags.of(vars));
    }

    // ------------------------------------------------------------------ what the plugin renders

    /** The primary in single-primary mode (null in multi-primary mode or before an election). */
    public UUID primary() {
        return singlePrimaryMode() ? primary : null;
    }

    /** MEMBER_ROLE for replication_group_members. */
    public String role(UUID member) {
        return !singlePrimaryMode() || member.equals(primary) ? "PRIMARY" : "SECONDARY";
    }

    public ReplicationStats.Row stats() {
        return stats.snapshot(certifier.size(), lastGtid == 0 ? "" : Gtids.gtid(groupName, lastGtid),
                applier.queueSize(), committedAllMembers());
    }

    /**
     * The other members' rows of replication_group_member_stats, from the counters each sent last (MySQL's
     * rows of remote members come from their periodic stats messages too); TRANSACTIONS_COMMITTED_ALL_MEMBERS
     * is this member's view, which those messages make the same everywhere.
     */
    public Map<UUID, ReplicationStats.Row> reportedStats() {
        Map<UUID, ReplicationStats.Row> rows = new HashMap<>();
        String allMembers = committedAllMembers();
        reported.forEach((member, s) -> {
            GroupMessage.Counters c = s.counters();
            rows.put(member, new ReplicationStats.Row(s.certifierQueue(), c.checked(), c.conflicts(), c.rowsValidating(),
                    c.lastConflictFree() == 0 ? "" : Gtids.gtid(groupName, c.lastConflictFree()), s.applierQueue(),
                    c.remoteApplied(), c.localProposed(), c.localRollback(), 0, allMembers));
        });
        return rows;
    }

    private String committedAllMembers() {
        return Gtids.executed(groupName, Math.min(lastGtid, stableGtid()));
    }

    /** What flow control has held here (MySQL's {@code Gr_flow_control_throttle_*}). */
    public FlowControlThrottling flowControlThrottling() {
        return flowControl.throttling();
    }

    public TransactionLog transactionLog() {
        return log;
    }

    @Override
    public void bulkWrites(boolean on) {
        log.directWrites(on);
        engine.directWrites(on);
    }

    /** Every delivered message up to this index has taken effect in this member's data. */
    public long appliedThrough() {
        return applier.appliedThrough();
    }

    public long lastDelivered() {
        return lastDelivered;
    }

    // ------------------------------------------------------------------ commit path (session threads)

    @Override
    public void beforeCommit(CapturedTransaction tx) throws SQLException {
        throw new IllegalStateException("the engine calls beforeCommit(tx, connection)");
    }

    @Override
    public void beforeCommit(CapturedTransaction tx, Connection conn) throws SQLException {
        Group g = group;
        if (!running || g == null) {
            return;
        }
        java.util.Optional<String> blocked = writeBlock.get();
        if (blocked.isPresent()) {
            throw refusedCommit(blocked.get());
        }
        long hookAt = StageTimers.ON ? System.nanoTime() : 0;
        GroupMessage.Certified t;
        long localId = localIds.incrementAndGet();
        long snapshot = applier.appliedThrough();
        if (tx.isDdl() && isAccountStatement(tx.ddl())) {
            List<GroupMessage.AccountChange> changes = accounts.takeChanges();
            if (changes.isEmpty()) {
                return; // e.g. DROP USER IF EXISTS of nobody: nothing to replicate
            }
            t = new GroupMessage.Accounts(self, localId, changes);
        } else if (tx.isDdl()) {
            t = new GroupMessage.Transaction(self, localId, snapshot, new long[0], List.of(), tx.ddl(), tx.ddlSchema(),
                    ConsistencyLevel.waitsAfter(tx.consistency()));
        } else {
            if (!singlePrimaryMode() && truth("group_replication_enforce_update_everywhere_checks")) {
                UpdateEverywhereChecks.check(conn, tableKeys, tx.rows());
            }
            t = new GroupMessage.Transaction(self, localId, snapshot, extractor.extract(conn, tx.rows()), tx.rows(), null, null,
                    ConsistencyLevel.waitsAfter(tx.consistency()));
        }
        byte[] payload;
        try {
            payload = MessageCodec.encode(t);
        } catch (java.io.UncheckedIOException e) {
            throw MySqlError.ER_RUN_HOOK_ERROR.withText("Error on observer while running replication hook 'before_commit': "
                    + e.getCause().getMessage());
        }
        if (t instanceof GroupMessage.Transaction rows && !rows.isDdl()) {
            TransactionSizeLimit.check(vars, tx.connectionId(), payload.length);
        }
        try {
            flowControl.hold();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PendingCommit p = new PendingCommit(conn);
        pending.put(localId, p);
        stats.localProposed.incrementAndGet();
        long sentAt = StageTimers.ON ? System.nanoTime() : 0;
        CompletableFuture<Long> sent = g.broadcast(payload);
        Certifier.Verdict v = awaitVerdict(p, sent, localId);
        if (StageTimers.ON && v != null && v.positive() && p.committedAt != 0 && p.deliveredAt != 0) {
            long now = System.nanoTime();
            StageTimers.INSTANCE.add(StageTimers.Stage.PREPARE, sentAt - hookAt);
            StageTimers.INSTANCE.add(StageTimers.Stage.ORDER, p.deliveredAt - sentAt);
            StageTimers.INSTANCE.add(StageTimers.Stage.QUEUE, p.pickedAt - p.deliveredAt);
            StageTimers.INSTANCE.add(StageTimers.Stage.COMMIT, p.committedAt - p.pickedAt);
            StageTimers.INSTANCE.add(StageTimers.Stage.WAKE, now - p.committedAt);
        }
        if (v == null) {
            throw refusedCommit("no verdict in time");
        }
        if (!v.positive()) {
            throw MySqlError.ER_TRANSACTION_ROLLBACK_DURING_COMMIT.exception();
        }
        // the applier has written the log row and committed on this connection, in group order
        // (PendingCommit.commitOnBehalf); the session's own commit then finds nothing to do
        SQLException failed = p.commitFailure();
        if (failed != null) {
            throw failed; // rolled back here; the applier applies it from the payload (the group committed it)
        }
        if (t instanceof GroupMessage.Transaction committed && committed.after()) {
            after.awaitEveryMember(v.gtidNumber(), this::onlineMembers, () -> running);
        }
    }

    /** The members whose acknowledgement an AFTER commit waits for: ONLINE in the group's current view. */
    private java.util.Set<UUID> onlineMembers() {
        Group g = group;
        java.util.Set<UUID> online = new java.util.HashSet<>();
        if (g != null && g.membership() != null) {
            for (Member m : g.membership().members()) {
                if (m.state() == io.jgr.gcs.MemberState.ONLINE) {
                    online.add(m.memberId());
                }
            }
        }
        return online;
    }

    /**
     * group_replication_consistency BEFORE and BEFORE_AND_AFTER, as MySQL's: a sync point through the group's log,
     * then the transaction begins once this member has applied through it, so that it sees everything the group
     * ordered before it began. Bounded by the session's wait_timeout (3797). Other levels begin at once.
     */
    private void beforeTransactionBegin(String consistency, java.util.function.LongSupplier waitTimeoutSeconds)
            throws SQLException {
        if (ConsistencyLevel.needsOnlineMember(consistency) && (!running || !online.getAsBoolean())) {
            // the hook is installed while joining (RECOVERING) and from start() on (ONLINE, later perhaps ERROR)
            // until stop()
            throw MySqlError.ER_GRP_TRX_CONSISTENCY_NOT_ALLOWED.exception();
        }
        after.holdWhilePending(waitTimeoutSeconds, () -> running);
        holdOnPrimaryFailover(() -> consistency, waitTimeoutSeconds);
        if (!ConsistencyLevel.waitsBefore(consistency)) {
            return;
        }
        Group g = group;
        if (!running || g == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitTimeoutSeconds.getAsLong());
        try {
            long point = g.broadcast(MessageCodec.encode(new GroupMessage.SyncPoint(self)))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!awaitApplied(point, deadline, 1)) {
                throw MySqlError.ER_GRP_TRX_CONSISTENCY_BEFORE.exception();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MySqlError.ER_GRP_TRX_CONSISTENCY_BEFORE.exception();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw MySqlError.ER_GRP_TRX_CONSISTENCY_BEFORE.exception();
        }
    }

    /** Whether this member, elected primary, is still applying what the group ordered before its election. */
    public boolean electionRunning() {
        return failoverHold.holding();
    }

    /**
     * BEFORE_ON_PRIMARY_FAILOVER and AFTER on a newly elected primary still applying its backlog. One volatile read
     * otherwise: the level is read only while a hold is on (every autocommit write passes here).
     */
    private void holdOnPrimaryFailover(java.util.function.Supplier<String> consistency,
                                       java.util.function.LongSupplier waitTimeoutSeconds) throws SQLException {
        if (failoverHold.holding() && ConsistencyLevel.holdsOnPrimaryFailover(consistency.get())) {
            failoverHold.await(waitTimeoutSeconds, () -> running, () -> applierStopped);
        }
    }

    private Certifier.Verdict awaitVerdict(PendingCommit p, CompletableFuture<Long> sent, long localId) throws SQLException {
        long deadline = System.nanoTime() + VERDICT_WAIT_MS * 1_000_000;
        try {
            while (System.nanoTime() < deadline) {
                Certifier.Verdict v = p.await(20);
                if (v != null) {
                    return v;
                }
                if (sent.isCompletedExceptionally() || !running) {
                    Certifier.Verdict late = p.await(0);
                    if (late != null) {
                        return late;
                    }
                    if (p.abandon()) {
                        pending.remove(localId);
                        throw failedCommit(sent);
                    }
                }
            }
            if (p.abandon()) {
                pending.remove(localId);
                throw failedCommit(sent);
            }
            // decided at the same moment: a positive verdict is being committed by the applier
            return p.await(SESSION_DECIDED_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p.abandon()) {
                pending.remove(localId);
            }
            throw MySqlError.ER_RUN_HOOK_ERROR.exception("before_commit");
        }
    }

    /** How long a session decided at the moment it gave up waits for the applier's commit on its behalf. */
    private static final long SESSION_DECIDED_WAIT_MS = 30_000;
    /** The pause before a group action's proposal is sent again after the group had no leader. */
    private static final long PROPOSE_RETRY_MS = 20;
    /** How long a newly elected primary tries to take the lead of the group's log ({@link #takeTheLead}). */
    private static final Duration LEAD_TIMEOUT = Duration.ofSeconds(2);
    private final LeadRetry leadRetry = new LeadRetry();

    private SQLException failedCommit(CompletableFuture<Long> sent) {
        String why = "the transaction was not ordered by the group";
        try {
            Long at = sent.getNow(null);
            if (at != null) {
                // ordered, but its verdict never reached this session: say where the pipeline stands
                why = "the group ordered the transaction at index " + at + " but no verdict reached the session (delivered through "
                        + lastDelivered + ", applied through " + applier.appliedThrough() + ", " + applier.queueSize() + " queued)";
            }
        } catch (java.util.concurrent.CompletionException e) {
            why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        return refusedCommit(why);
    }

    private SQLException refusedCommit(String why) {
        ErrorLog.groupReplication(LogLevel.ERROR, "MY-011643",
                "Error while waiting for conflict detection procedure to finish on session: " + why);
        stats.localRollback.incrementAndGet();
        return MySqlError.ER_RUN_HOOK_ERROR.exception("before_commit");
    }

    // ------------------------------------------------------------------ delivery (the group's apply thread)

    @Override
    public void deliver(long index, byte[] payload) {
        lastDelivered = index;
        if (dataGap || applierStopped) {
            return; // leaving: see readSnapshot and applierFailed
        }
        GroupMessage m;
        try {
            m = MessageCodec.decode(payload);
        } catch (RuntimeException e) {
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011452", "Unreadable replication message at index " + index);
            applier.enqueue(new Applier.Item(index, null, payload, null));
            return;
        }
        Certifier.Verdict verdict = null;
        if (m instanceof GroupMessage.Certified c) {
            gtidBaseKnown = true; // numbered from here on: a later announcement must not move the counter
            flowControl.certified(c.origin());
        }
        if (m instanceof GroupMessage.Accounts) {
            stats.checked.incrementAndGet();
            verdict = certifier.certifyStatement();
            lastGtid = verdict.gtidNumber();
        } else if (m instanceof GroupMessage.Transaction t) {
            stats.checked.incrementAndGet();
            verdict = t.isDdl() ? certifier.certifyStatement() : certifier.certify(index, t.snapshot(), t.writeSet());
            if (verdict.positive()) {
                lastGtid = verdict.gtidNumber();
                if (t.after()) {
                    after.delivered(verdict.gtidNumber(), self.equals(t.origin()));
                }
                if (StageTimers.ON && self.equals(t.origin())) {
                    PendingCommit p = pending.get(t.localId());
                    if (p != null) {
                        p.deliveredAt = System.nanoTime();
                    }
                }
            } else {
                stats.conflicts.incrementAndGet();
                if (self.equals(t.origin())) {
                    PendingCommit p = pending.remove(t.localId());
                    if (p != null && p.decide(verdict, index)) {
                        stats.localRollback.incrementAndGet();
                    }
                }
            }
        } else if (m instanceof GroupMessage.MemberInfo i) {
            if (!gtidBaseKnown) {
                certifier.resumeAt(i.executed());
                lastGtid = Math.max(lastGtid, certifier.gtidCounter());
                gtidBaseKnown = true;
            }
            if (groupFlags == ConfigurationFlags.UNKNOWN) {
                groupFlags = i.flags(); // the group's first announcement: its bootstrapper's configuration
            }
            weights.put(i.member(), i.weight());
            if (!i.sqlHost().isEmpty()) {
                endpoints.put(i.member(), new SqlEndpoint(i.sqlHost(), i.sqlPort()));
            }
            if (self.equals(i.member()) && i.pipeline() == pipeline) {
                // only this pipeline's own announcement: a restarted member replaying the log from its start
                // meets its earlier incarnations' ones first, far before the point where it joined now
                CompletableFuture<Long> point = joinPoints.remove(self);
                if (point != null && !followsGroupMode && groupFlags != ConfigurationFlags.UNKNOWN
                        && i.flags() != ConfigurationFlags.UNKNOWN && i.flags() != groupFlags) {
                    point.completeExceptionally(new IncompatibleConfigurationException(i.flags(), groupFlags));
                } else if (point != null) {
                    followsGroupMode = true;
                    point.complete(lastGtid);
                }
            }
        } else if (m instanceof GroupMessage.Elect e) {
            if (!Objects.equals(primary, e.candidate()) && Objects.equals(primary, e.replacing())) {
                primary = e.candidate();
                if (running && self.equals(primary) && singlePrimaryMode()) {
                    failoverHold.elected(); // until the applier reaches the election: primaryChanged
                }
            } else {
                m = null; // stale proposal: nothing for the applier to do
            }
        } else if (m instanceof GroupMessage.ModeSwitch s) {
            boolean single = groupFlags == ConfigurationFlags.UNKNOWN ? singlePrimaryMode() : ConfigurationFlags.singlePrimary(groupFlags);
            if (s.multiPrimary() == single) {
                groupFlags = ConfigurationFlags.afterSwitch(s.multiPrimary());
                primary = s.primary();
                if (followsGroupMode) {
                    setMode(s.multiPrimary());
                } else {
                    m = null; // a joiner before its join point: its own settings are checked against the group's there
                }
            } else {
                m = null; // the group is in that mode already (another member's switch came first)
            }
        } else if (m instanceof GroupMessage.Stats s) {
            progress.put(s.member(), s.applied());
            if (!self.equals(s.member())) {
                reported.put(s.member(), s);
            }
            flowControl.report(s.member(), s.applied(), s.applierQueue(), s.certifierQueue());
            long stable = progress.values().stream().mapToLong(Long::longValue).min().orElse(0);
            stableIndex = stable;
            certifier.purge(stable);
        } else if (m instanceof GroupMessage.Applied a) {
            after.acknowledged(a.gtid(), a.member());
        } else if (m instanceof GroupMessage.Forget f) {
            progress.remove(f.member());
            reported.remove(f.member());
            flowControl.forget(f.member());
        }
        applier.enqueue(new Applier.Item(index, m, payload, verdict));
    }

    @Override
    public void writeSnapshot(DataOutput out) throws IOException {
        certifier.write(out);
        out.writeLong(lastDelivered);
        out.writeUTF(primary == null ? "" : primary.toString());
        out.writeInt(weights.size());
        for (Map.Entry<UUID, Integer> e : weights.entrySet()) {
            out.writeUTF(e.getKey().toString());
            out.writeInt(e.getValue());
        }
        out.writeInt(endpoints.size());
        for (Map.Entry<UUID, SqlEndpoint> e : endpoints.entrySet()) {
            out.writeUTF(e.getKey().toString());
            out.writeUTF(e.getValue().host());
            out.writeInt(e.getValue().port());
        }
        out.writeInt(groupFlags); // last: a snapshot from before session 30 ends before it
    }

    /** Called (on the applier thread) when the applier stopped on a transaction it could not apply or store. */
    public void onApplierFailure(Consumer<String> listener) {
        applierFailureListener = listener;
    }

    /** Whether the applier stopped on an error (the member is leaving or left the group). */
    public boolean applierStopped() {
        return applierStopped;
    }

    /** Called (on the group's delivery thread) when a snapshot skipped transactions this member had not applied. */
    public void onDataGap(Consumer<String> listener) {
        dataGapListener = listener;
    }

    @Override
    public void readSnapshot(DataInput in) throws IOException {
        long gtidBefore = lastGtid;
        boolean hasData = !applier.held() && lastDelivered > 0; // past its join point: it applies what it delivers
        certifier.read(in);
        gtidBaseKnown = true; // the snapshot carries the group's counter
        lastDelivered = in.readLong();
        lastGtid = certifier.gtidCounter();
        String p = in.readUTF();
        primary = p.isEmpty() ? null : UUID.fromString(p);
        weights.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            weights.put(UUID.fromString(in.readUTF()), in.readInt());
        }
        endpoints.clear();
        int e = in.readInt();
        for (int i = 0; i < e; i++) {
            endpoints.put(UUID.fromString(in.readUTF()), new SqlEndpoint(in.readUTF(), in.readInt()));
        }
        try {
            int flags = in.readInt();
            if (flags != ConfigurationFlags.UNKNOWN) {
                groupFlags = flags;
                boolean multiPrimary = !ConfigurationFlags.singlePrimary(flags);
                if (followsGroupMode && multiPrimary == singlePrimaryMode()) {
                    // a member of the group that fell behind: the group switched mode in the part of its log the
                    // snapshot replaces (a joiner's own settings are checked at its join point instead)
                    setMode(multiPrimary);
                    persistMode(multiPrimary);
                }
            }
        } catch (java.io.EOFException fromAnEarlierMember) {
            // a snapshot without the group's settings: the first MemberInfo after it gives them
        }
        ErrorLog.groupReplication(LogLevel.NOTE, "MY-010000", "Installed the group's snapshot: delivered through index "
                + lastDelivered + ", GTID " + lastGtid);
        if (hasData && lastGtid > gtidBefore) {
            // The group's log no longer held what this member lacked (more than the message cache behind): the
            // snapshot carries certification state, not rows. Applying on top would leave a hole under a
            // gtid_executed that claims it, so nothing more is applied; the member leaves (docs/group-log.md).
            dataGap = true;
            String reason = "This member is unable to get transactions " + Gtids.gtid(groupName, gtidBefore + 1) + " to "
                    + Gtids.gtid(groupName, lastGtid) + ", since the group is too far ahead (the group's log no longer "
                    + "holds them; group_replication_message_cache_size).";
            ErrorLog.groupReplication(LogLevel.ERROR, "MY-011452", reason);
            dataGapListener.accept(reason);
        }
        // A snapshot is no join point: it may be far behind the group (the leader's log is then streamed
        // after it), and a joiner declared ONLINE there commits with verdicts thousands of entries away. Only
        // this pipeline's own announcement, delivered here, proves the stream reached the point where it
        // joined. The snapshot may have swallowed it (a joiner's first snapshot usually does): announce again
        // now, not after DistributedRecovery's 5 s wait for it.
        if (joinPoints.containsKey(self)) {
            announceAgain();
        }
    }

    /** Off the delivery thread: a broadcast may wait for room in the group's window, which deliveries free. */
    private void announceAgain() {
        try {
            timer.execute(this::joinPoint);
        } catch (RejectedExecutionException e) {
            // closing: nobody waits for the join point any more
        }
    }

    // ------------------------------------------------------------------ Applier.Host (the applier thread)

    @Override
    public boolean isOwn(GroupMessage.Certified t) {
        return self.equals(t.origin());
    }

    @Override
    public PendingCommit takePending(GroupMessage.Certified t) {
        return self.equals(t.origin()) ? pending.remove(t.localId()) : null;
    }

    @Override
    public void applied(long gtidNumber) {
        executed.group(groupName, gtidNumber);
        for (long g : after.appliedThrough(gtidNumber)) {
            acknowledgeAfter(g);
        }
    }

    /** Off the applier thread: a broadcast may wait for room in the group's window. */
    private void acknowledgeAfter(long gtid) {
        try {
            timer.execute(() -> broadcastQuietly(new GroupMessage.Applied(self, gtid)));
        } catch (RejectedExecutionException e) {
            // stopping: nobody waits for this member any more
        }
    }

    @Override
    public void modeChanged(GroupMessage.ModeSwitch s) {
        persistMode(s.multiPrimary());
        if (!running) {
            return; // a joiner replaying the log: start() sets its read-only mode
        }
        ErrorLog.groupReplication(LogLevel.SYSTEM, "MY-010000", "The group switched to "
                + (s.multiPrimary() ? "multi-primary mode: this server accepts writes." : "single-primary mode."));
        if (s.multiPrimary()) {
            setReadOnly(false); // everything ordered before the switch is applied here by now
        } else {
            primaryChanged(s.primary());
        }
    }

    /** As MySQL's mode switch does (PERSIST_ONLY), so that a restart comes back in the group's mode. */
    private void persistMode(boolean multiPrimary) {
        try {
            vars.persistInternal("group_replication_single_primary_mode", !multiPrimary);
            vars.persistInternal("group_replication_enforce_update_everywhere_checks", multiPrimary);
        } catch (java.io.IOException e) {
            ErrorLog.groupReplication(LogLevel.WARNING, "MY-010000", "It was not possible to persist the configuration "
                    + "values for this mode. Check your server configuration for future server restarts and/or try to use "
                    + "SET PERSIST_ONLY. (" + e.getMessage() + ")");
        }
    }

    @Override
    public void primaryChanged(UUID newPrimary) {
        try {
            if (!singlePrimaryMode()) {
                return;
            }
            boolean me = self.equals(newPrimary);
            if (me && !running) {
                return; // a joiner replaying old elections: not writable before start() installs the commit hook
            }
            // everything the group delivered before the election is applied here by now (group order)
            if (me) {
                takeTheLead();
            }
            setReadOnly(!me);
            if (me) {
                ErrorLog.groupReplication(LogLevel.SYSTEM, "MY-011510", "This server is working as primary member.");
            }
        } finally {
            failoverHold.released(); // writable now: the held transactions go on
        }
    }

    /**
     * The single-primary group's primary is the member that orders the group's messages, as MySQL's primary is the
     * consensus leader with {@code group_replication_paxos_single_leader}: its commits then take no hops to another
     * member and back (docs/group-engine.md, "The leader follows the primary"). Null in multi-primary mode, where
     * every member writes: any leader is as good.
     */
    private UUID wantedLeader() {
        return singlePrimaryMode() ? primary : null;
    }

    /**
     * A newly elected primary that does not lead the group's log takes the lead, before it accepts writes: nothing of
     * its own is in flight then, and the old primary's last commits are applied here already. Should the vote not
     * elect it in time (a member unreachable, a log that stays ahead), the primary works as a follower.
     */
    private void takeTheLead() {
        synchronized (leadRetry) { // the applier at an election, the timer on a retry: one vote at a time
            Group g = group;
            if (g == null || g.isLeader()) {
                leadRetry.settled();
                return;
            }
            try {
                if (g.lead(LEAD_TIMEOUT)) {
                    leadRetry.settled();
                    ErrorLog.groupReplication(LogLevel.NOTE, "MY-010000",
                            "This primary now orders the group's messages (it is the group's Raft leader).");
                } else if (leadRetry.failed(System.nanoTime())) {
                    ErrorLog.groupReplication(LogLevel.NOTE, "MY-010000", "This primary does not order the group's messages: "
                            + "it did not win a vote for the lead within " + LEAD_TIMEOUT.toMillis() + " ms; its commits go "
                            + "through the group's Raft leader until a later vote elects it (retried after "
                            + LeadRetry.FIRST.toSeconds() + " s, then at doubling intervals up to "
                            + LeadRetry.LONGEST.toSeconds() + " s).");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The timer, once a period: a primary that does not lead the log (its vote at the election failed, or a later
     * vote elected another member) asks again when {@link LeadRetry} says so.
     */
    private void retakeTheLead() {
        Group g = group;
        if (g == null || !running || !singlePrimaryMode() || !self.equals(primary)) {
            leadRetry.settled();
            return;
        }
        if (g.isLeader()) {
            leadRetry.settled();
        } else if (g.unavailableReason() == null && leadRetry.due(System.nanoTime())) {
            takeTheLead(); // while the primary writes: Group.lead holds its new commits until those in flight are ordered
        }
    }

    @Override
    public void applyAccounts(GroupMessage.Accounts a) throws SQLException {
        accounts.apply(a.changes());
    }

    /** The statements whose effect travels as account state (see {@link AccountMirror}). */
    static boolean isAccountStatement(String sql) throws SQLException {
        java.util.List<io.jgr.sql.statement.Token> tokens = io.jgr.sql.statement.Lexer.lex(sql, true, false);
        return !tokens.isEmpty() && io.jgr.store.H2Session.isAccountStatement(io.jgr.sql.statement.StatementKind.of(tokens), tokens);
    }

    @Override
    public void schemaChanged() {
        tableKeys.invalidate();
    }

    /**
     * MySQL's lines for an applier channel that stopped on an error (the SQL thread's MY-010584, then the
     * plugin's MY-011451); the plugin then takes the member out of the group. No statement text is logged:
     * the error is enough to find the transaction, and a statement could carry what must not be logged.
     */
    @Override
    public void applierFailed(Applier.Item item, Exception cause) {
        applierStopped = true;
        Certifier.Verdict v = item.verdict();
        String what = v != null && v.positive() ? "transaction '" + Gtids.gtid(groupName, v.gtidNumber()) + "'"
                : "the message at group index " + item.index();
        String schema = item.message() instanceof GroupMessage.Transaction t ? schemaOf(t) : null;
        SQLException mysql = cause instanceof SQLException e ? H2Errors.toMySql(e, schema) : null;
        // an account change's rows hold password hashes, which H2's text may quote: its number only
        String text = item.message() instanceof GroupMessage.Accounts
                ? "an account change could not be applied"
                : ErrorLog.firstLine(mysql != null ? mysql.getMessage() : cause.toString());
        String detail = item.message() instanceof GroupMessage.Transaction t && t.isDdl()
                ? "Error '" + text + "' on query. Default database: '" + (t.ddlSchema() == null ? "" : t.ddlSchema()) + "'."
                : "Error executing row event: '" + text + "'";
        ErrorLog.write(LogLevel.ERROR, "MY-010584", "Repl", "Replica SQL for channel 'group_replication_applier': Worker 1 "
                + "failed executing " + what + "; " + detail + ", Error_code: MY-"
                + String.format("%06d", mysql != null ? mysql.getErrorCode() : 0));
        ErrorLog.groupReplication(LogLevel.ERROR, "MY-011451", "The applier thread execution was aborted. Unable to "
                + "process more transactions, this member will now leave the group.");
        applierFailureListener.accept("the applier stopped on " + what + ": " + text);
    }

    /** The schema an applier error names: the DDL's, or the first row's (null if the rows cannot be decoded). */
    private static String schemaOf(GroupMessage.Transaction t) {
        if (t.isDdl()) {
            return t.ddlSchema();
        }
        try {
            return t.rows().isEmpty() ? null : t.rows().get(0).schema();
        } catch (java.io.UncheckedIOException undecodable) {
            return null;
        }
    }

    @Override
    public int abortLocalConflicts(GroupMessage.Transaction t) {
        return locals.abortConflicting(t.rows(), t.isDdl());
    }

    // ------------------------------------------------------------------ helpers

    /** Each flow-control period: the next period's quota from the reports of this one, then this member's report. */
    private void endOfPeriod() {
        flowControl.step();
        sendStats();
        retakeTheLead();
    }

    private void sendStats() {
        if (running) {
            broadcastQuietly(new GroupMessage.Stats(self, applier.appliedThrough(), applier.queueSize(), 0,
                    new GroupMessage.Counters(stats.checked.get(), stats.conflicts.get(), certifier.size(),
                            stats.remoteApplied.get(), stats.localProposed.get(), stats.localRollback.get(), lastGtid)));
        }
    }

    private void broadcastQuietly(GroupMessage m) {
        Group g = group;
        if (g != null) {
            g.broadcast(MessageCodec.encode(m)).exceptionally(e -> null);
        }
    }

    private long stableGtid() {
        // GTIDs are numbered in delivery order; what every member applied is at least up to the stable index
        return stableIndex >= lastDelivered ? lastGtid : 0;
    }

    /** Whether the group is in single-primary mode here (group_replication_single_primary_mode, which a mode switch changes). */
    public boolean singlePrimaryMode() {
        return truth("group_replication_single_primary_mode");
    }

    /** The mode variables as MySQL's mode switch sets them: update-everywhere checks on exactly in multi-primary mode. */
    private void setMode(boolean multiPrimary) {
        vars.setInternal("group_replication_single_primary_mode", !multiPrimary);
        vars.setInternal("group_replication_enforce_update_everywhere_checks", multiPrimary);
    }

    private boolean truth(String name) {
        return ConfigurationFlags.truth(vars, name);
    }

    private void setReadOnly(boolean on) {
        if (on) {
            vars.setInternal("super_read_only", true);
        } else {
            vars.setInternal("read_only", false);
            vars.setInternal("super_read_only", false);
        }
    }
}
