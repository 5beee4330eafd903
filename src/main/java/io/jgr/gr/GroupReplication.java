package io.jgr.gr;

import io.jgr.gcs.Group;
import io.jgr.gcs.GroupConfig;
import io.jgr.gcs.JoinFailedException;
import io.jgr.gcs.Member;
import io.jgr.gcs.MemberState;
import io.jgr.gcs.Membership;
import io.jgr.perimeter.allowlist.AllowlistGate;
import io.jgr.perimeter.allowlist.AllowlistVariables;
import io.jgr.perimeter.allowlist.CompiledAllowlist;
import io.jgr.perimeter.allowlist.RefusalRegistry;
import io.jgr.perimeter.tls.GroupTls;
import io.jgr.perimeter.tls.TlsConfigException;
import io.jgr.replication.Replicator;
import io.jgr.server.config.SystemVariables;
import io.jgr.server.config.VarDef;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import io.jgr.sql.engine.Warning;
import io.jgr.sql.error.MySqlError;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The Group Replication plugin of one member: START/STOP GROUP_REPLICATION on top of the group engine
 * ({@link Group}), with the allowlist ({@link AllowlistGate}) and member TLS ({@link GroupTls}) built
 * from the variables at START. What later layers plug in is in {@link Hooks}.
 *
 * <p>Lifecycle: OFFLINE →(START)→ RECOVERING → ONLINE; ERROR when expelled or recovery fails;
 * →(STOP)→ OFFLINE. START and STOP are serialised; while one runs, SETs of group_replication_*
 * variables are refused with 3724 (as MySQL's plugin_running_mutex).
 */
public final class GroupReplication implements AutoCloseable {
    static final String RUNNING_TEXT = "The START GROUP_REPLICATION command failed since the group is already running.";
    /** What {@link Group#unavailableReason()} says once the engine found this member expelled. */
    static final String EXPELLED_REASON = "this member was expelled from the group";
    /** ABORT_SERVER's reason after an expel. */
    private static final String EXPELLED_ABORT = "Member was expelled from the group due to network failures.";
    static final String UNABLE_TO_SET = "This option cannot be set while START or STOP GROUP_REPLICATION is ongoing.";

    private final SystemVariables vars;
    private final Hooks hooks;
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Makes the move to ERROR on an expel happen once (a session and the engine may both notice it). */
    private final Object expelLock = new Object();
    /** Refusals are counted per member, across START/STOP (the table keeps its rows). */
    private final RefusalRegistry refusals = new RefusalRegistry();
    private final StageEvents stages = new StageEvents();
    private final LocalActionSlot actionSlot = new LocalActionSlot();
    private final ExecutorService recoveryThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jgr-gr-recovery");
        t.setDaemon(true);
        return t;
    });

    /** How long a joiner's START waits for its data to be checked against the group's. */
    static final long ADMISSION_WAIT_S = 30;
    /** A joiner's START waits for it (see {@link #awaitAdmission}); null when nothing waits. */
    private volatile CompletableFuture<Void> admission;
    /** read_only and super_read_only before the running START, restored if its joiner is refused. */
    private volatile ReadOnlyModes startModes;
    private volatile boolean ongoing;
    private volatile LocalState state = LocalState.OFFLINE;
    private volatile Group group;
    private volatile AllowlistGate gate;
    private volatile Membership membership;
    private volatile RecoveryCredentials credentials;
    /** The replication pipeline of the running START…STOP (null when stopped or without replication). */
    private volatile Replicator replicator;
    /** Where the running group's TLS is published, so ALTER INSTANCE RELOAD TLS reloads it too (decision 9). */
    private AtomicReference<GroupTls> runningTls = new AtomicReference<>();
    /** The auto-rejoin procedure under way after an expel (null when none): START refuses, STOP cancels it. */
    private volatile AutoRejoin rejoining;
    private volatile Duration autoRejoinInterval = AutoRejoin.INTERVAL;
    /** Watches the running START's group for a majority loss that lasts (null when stopped). */
    private volatile UnreachableMajorityTimeout majorityWatch;
    /** What exit_state_action ABORT_SERVER runs: the member's orderly shutdown (nothing without a server). */
    private volatile Runnable abortServer = () -> { };
    private volatile long startedAt;
    private volatile long onlineAt;

    /** This member's own state (MEMBER_STATE of its row). */
    public enum LocalState { OFFLINE, RECOVERING, ONLINE, ERROR }

    public GroupReplication(SystemVariables vars, Hooks hooks) {
        this.vars = vars;
        this.hooks = hooks;
        installVariableRules();
    }

    public GroupReplication(SystemVariables vars) {
        this(vars, Hooks.defaults());
    }

    // ---------------------------------------------------------------- variables

    private void installVariableRules() {
        for (VarDef def : vars.definitions()) {
            if (def.name().startsWith("group_replication_")) {
                vars.addValidator(def.name(), (d, v) -> {
                    if (ongoing) {
                        throw MySqlError.ER_UNABLE_TO_SET_OPTION.exception();
                    }
                });
            }
        }
        // the mode changes online only through the group (group_replication_switch_to_*_mode); checked before
        // the two variables' cross-check, as MySQL does
        vars.addFirstValidator("group_replication_single_primary_mode", (d, v) -> {
            if (group != null) {
                throw MySqlError.ER_GROUP_REPLICATION_RUNNING.withText(
                        "Cannot change into or from single primary mode while Group Replication is running.");
            }
        });
        vars.addFirstValidator("group_replication_enforce_update_everywhere_checks", (d, v) -> {
            if (group != null) {
                throw MySqlError.ER_GROUP_REPLICATION_RUNNING.withText(
                        "Cannot turn ON/OFF update everywhere checks mode while Group Replication is running.");
            }
        });
        vars.addListener(AllowlistVariables.ALLOWLIST, (def, old, now) -> applyAllowlistLive(def.name(), now));
        vars.addListener(AllowlistVariables.WHITELIST, (def, old, now) -> applyAllowlistLive(def.name(), now));
    }

    /** Decision 2: a running member takes a new list at once (last write of either name wins, as MySQL 8.0.24+). */
    private void applyAllowlistLive(String variable, Object value) {
        AllowlistGate g = gate;
        if (g == null || group == null || value == null) {
            return;
        }
        try {
            g.reconfigure(variable, value.toString());
        } catch (SQLException e) {
            // the SET-time validator already refused invalid values; the gate logged why and kept the old list
        }
    }

    // ---------------------------------------------------------------- START / STOP

    /**
     * {@code group_replication_start_on_boot} (spec §4.3): START with stored credentials only; a
     * whitelist deprecation goes to the error log (MY-011068) since no client is there; a failure is
     * logged ({@code Unable to start Group Replication on boot}) and the server keeps running.
     */
    public void startOnBoot() {
        try {
            start(Optional.empty(), w -> ErrorLog.write(LogLevel.WARNING, "MY-011068", "Server",
                    "The syntax '" + AllowlistVariables.WHITELIST + "' is deprecated and will be removed in a future "
                            + "release. Please use " + AllowlistVariables.ALLOWLIST + " instead."));
        } catch (SQLException e) {
            GrLog.error(GrLog.BOOT_FAILED, "Unable to start Group Replication on boot");
        }
    }

    /**
     * START GROUP_REPLICATION. Returns once this member is in the group (ONLINE when bootstrapping,
     * otherwise RECOVERING, its transactions checked against the group's; recovery then runs on its own
     * thread). Warnings for the client go to {@code warnings}. Errors: 3093 (running), 3092 (configuration,
     * join failure, a joiner with transactions the group lacks), 3096 (group communication layer: invalid
     * allowlist, TLS), each after MySQL's log lines.
     */
    public void start(Optional<RecoveryCredentials> startCredentials, Consumer<Warning> warnings) throws SQLException {
        lifecycle.lock();
        try {
            if (rejoining != null) { // as MySQL: GR still runs while it tries to rejoin; STOP ends that
                throw MySqlError.ER_GROUP_REPLICATION_RUNNING.withText(RUNNING_TEXT);
            }
            start(startCredentials, warnings, false);
        } finally {
            lifecycle.unlock();
        }
        awaitAdmission();
    }

    /**
     * A joiner's START returns once its data is known to fit the group's, as MySQL's does: a joiner holding
     * transactions the group lacks has left already and START fails with 3092. At most
     * {@link #ADMISSION_WAIT_S}: a joiner far behind under writes finds its join point later (tens of seconds);
     * START then returns, and a refusal after that goes the way of a failed recovery (ERROR).
     */
    private void awaitAdmission() throws SQLException {
        CompletableFuture<Void> pending = admission;
        admission = null;
        if (pending == null) {
            return;
        }
        try {
            pending.get(ADMISSION_WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DistributedRecovery.JoinRefusedException) {
                throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
            }
            // any other failure: the member goes to ERROR as after a failed recovery; START itself succeeded
        } catch (TimeoutException e) {
            pending.completeExceptionally(e); // nobody waits any more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.completeExceptionally(e);
        }
    }

    /**
     * START itself, for the statement and for an auto-rejoin attempt ({@code rejoin}): a rejoin never
     * bootstraps, whatever group_replication_bootstrap_group says, and keeps the START credentials when it
     * fails, for the next attempt.
     */
    private void start(Optional<RecoveryCredentials> startCredentials, Consumer<Warning> warnings, boolean rejoin)
            throws SQLException {
        lifecycle.lock();
        ongoing = true;
        try {
            if (group != null) {
                throw MySqlError.ER_GROUP_REPLICATION_RUNNING.withText(RUNNING_TEXT);
            }
            startedAt = System.nanoTime();
            String whitelist = String.valueOf(vars.globalValue(AllowlistVariables.WHITELIST));
            if (!AllowlistVariables.DEFAULT_VALUE.equals(whitelist)) { // case-sensitive, as MySQL (spec §3.1)
                warnings.accept(new Warning("Warning", MySqlError.ER_WARN_DEPRECATED_SYNTAX.code(),
                        MySqlError.ER_WARN_DEPRECATED_SYNTAX.message(AllowlistVariables.WHITELIST, AllowlistVariables.ALLOWLIST)));
            }
            GroupSettings settings = GroupSettings.read(vars, rejoin);
            UUID serverUuid = serverUuid();
            Map<String, String> options = optionTexts();
            GroupTls tls;
            try {
                tls = GroupTls.start(options, hooks.certificateResolver());
            } catch (TlsConfigException e) {
                GrLog.initFailed();
                throw MySqlError.ER_GROUP_REPLICATION_COMMUNICATION_LAYER_SESSION_ERROR.exception();
            }
            String allowlist = String.valueOf(vars.globalValue(AllowlistVariables.ALLOWLIST));
            String effective = AllowlistVariables.effectiveValue(allowlist, whitelist);
            String variable = effective.equals(allowlist) || effective.equals(AllowlistVariables.DEFAULT_VALUE)
                    ? AllowlistVariables.ALLOWLIST : AllowlistVariables.WHITELIST;
            GrLog.note(GrLog.INIT_WITH_CONF, configurationLine(settings, effective));
            AllowlistVariables.StartCheck check = AllowlistVariables.checkStart(variable, effective);
            if (!check.ok()) {
                if (check.logText() != null) {
                    ErrorLog.gcs(LogLevel.ERROR, check.logText());
                    GrLog.initFailed();
                }
                throw check.error();
            }
            AllowlistGate newGate = new AllowlistGate(CompiledAllowlist.compile(check.allowlist(), hooks.interfaces()),
                    hooks.hostResolver(), refusals, hooks.interfaces());
            newGate.setMembers(this::memberAddresses);
            GroupConfig config = new GroupConfig(settings.groupName(), serverUuid, settings.localAddress(),
                    settings.seeds(), settings.bootstrap(), settings.expelTimeout(), newGate, tls,
                    hooks.tuning().withMessageCache(Math.min(hooks.tuning().messageCache(),
                            vars.globalValue("group_replication_message_cache_size") instanceof Long l ? l : Long.MAX_VALUE)));
            gate = newGate;
            membership = null;
            credentials = startCredentials.orElse(null);
            Replicator pipeline = newReplicator(settings.groupName(), serverUuid);
            if (pipeline != null) {
                pipeline.onDataGap(reason -> recoveryThread.execute(() -> leaveOnDataGap(reason)));
                pipeline.onApplierFailure(reason -> recoveryThread.execute(this::leaveOnApplierError));
            }
            majorityWatch = new UnreachableMajorityTimeout(this::leaveOnMajorityTimeout);
            ReadOnlyModes before = ReadOnlyModes.of(vars);
            if (pipeline != null) {
                // as MySQL: nothing local is written outside the group until the member is ONLINE (and, in
                // single-primary mode, elected)
                vars.setInternal("super_read_only", true);
                pipeline.refuseCommitsWhile(this::writeBlockReason);
                pipeline.consistencyNeedsOnline(() -> state != LocalState.ERROR);
            }
            Group joined;
            try {
                joined = Group.join(config, pipeline != null ? pipeline : hooks.stateMachine(), m -> {
                    if (pipeline != null) {
                        pipeline.membershipChanged(m);
                    }
                    onMembership(m);
                });
            } catch (JoinFailedException e) {
                gate = null;
                if (pipeline != null) {
                    pipeline.close();
                    before.restore(vars);
                }
                if (!rejoin) {
                    wipeCredentials();
                }
                if (!e.getMessage().contains("is not an address of an up local interface")) {
                    GrLog.error(GrLog.VIEW_TIMEOUT, "Timeout on wait for view after joining group");
                }
                ErrorLog.groupReplication(LogLevel.ERROR, GrLog.GCS_INIT_FAILED,
                        "The member could not join the group: " + e.getMessage());
                throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
            }
            group = joined;
            replicator = pipeline;
            runningTls.set(tls);
            membership = joined.membership();
            if (settings.bootstrap()) {
                if (pipeline != null) {
                    pipeline.start(joined);
                    awaitBootstrapPrimary(pipeline, serverUuid);
                }
                becomeOnline();
            } else {
                state = LocalState.RECOVERING;
                if (pipeline != null) {
                    pipeline.joining(joined);
                }
                CompletableFuture<Void> admitted = new CompletableFuture<>();
                admission = rejoin ? null : admitted; // an auto-rejoin attempt keeps the failed recovery's way out
                startModes = before;
                recoveryThread.execute(() -> recover(joined, admitted, !rejoin));
            }
        } finally {
            ongoing = false;
            lifecycle.unlock();
        }
    }

    /**
     * Distributed recovery (the recovery layer's hook), then promotion to voter: RECOVERING → ONLINE. A joiner
     * refused for its transactions leaves as from a failed START when START waits for it ({@code startWaits}).
     */
    private void recover(Group joined, CompletableFuture<Void> admitted, boolean startWaits) {
        try {
            hooks.recovery().recover(joined, Optional.ofNullable(credentials), () -> admitted.complete(null)).join();
            joined.declareOnline().join();
            if (group == joined) {
                Replicator r = replicator;
                if (r != null) {
                    r.start(joined); // commits through the group from now on; single-primary: read-only until elected
                }
                becomeOnline();
            }
        } catch (RuntimeException e) {
            Throwable refused = refusal(e);
            if (refused != null && startWaits && !admitted.isDone()) {
                leaveRefused(joined);
                admitted.completeExceptionally(refused);
                return;
            }
            admitted.completeExceptionally(e);
            leaveOnRecoveryError(joined, e);
        }
    }

    private static Throwable refusal(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof DistributedRecovery.JoinRefusedException) {
                return c;
            }
        }
        return null;
    }

    /**
     * MySQL's failed START: the member leaves, OFFLINE, read_only and super_read_only as before START (no
     * exit_state_action: it never was a member). Its two lines are in the log already.
     */
    private void leaveRefused(Group joined) {
        lifecycle.lock();
        ongoing = true;
        try {
            if (group != joined) {
                return; // stopped meanwhile
            }
            tearDown();
            state = LocalState.OFFLINE;
            wipeCredentials();
            ReadOnlyModes modes = startModes;
            if (modes != null) {
                modes.restore(vars);
            }
        } finally {
            ongoing = false;
            lifecycle.unlock();
        }
    }

    /**
     * Recovery failed (no donor served, or applying what one sent failed): as MySQL, the joiner leaves the
     * group, in ERROR and read-only, so the others stop listing it (before, it stayed in the group engine as a
     * learner, RECOVERING in their tables); then group_replication_exit_state_action. No auto-rejoin: MySQL
     * rejoins on its own only after an expel or a lost majority.
     */
    private void leaveOnRecoveryError(Group joined, RuntimeException e) {
        Runnable why = isLogged(e) ? () -> { } // the recovery layer logged the spec's lines already
                : () -> {
                    GrLog.error(GrLog.EXPELLED,
                            "Fatal error during the recovery process of Group Replication. The server will leave the group.");
                    GrLog.error(GrLog.EXPELLED, "The recovery of this member failed: " + rootMessage(e));
                };
        leaveInError(joined, why, GrLog::readOnlyOnError, new Exit("Fatal error in the recovery module of Group Replication.", false));
    }

    private static boolean isLogged(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof DistributedRecovery.RecoveryFailedException) {
                return true;
            }
        }
        return false;
    }

    private void becomeOnline() {
        state = LocalState.ONLINE;
        onlineAt = System.nanoTime();
        GrLog.system(GrLog.DECLARED_ONLINE, "This server was declared online within the replication group.");
    }

    /** Needs the replication pipeline: {@code Hooks.replication()} builds a new one for each START. */
    private Replicator newReplicator(UUID groupName, UUID serverUuid) throws SQLException {
        try {
            return hooks.replication().create(groupName, serverUuid);
        } catch (SQLException e) {
            ErrorLog.groupReplication(LogLevel.ERROR, GrLog.GCS_INIT_FAILED,
                    "Unable to initialize the replication pipeline: " + e.getMessage());
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        }
    }

    /**
     * A bootstrapping member elects itself (through the group's log) right after joining; START returns
     * once that election has been applied, so the new primary is writable when the statement returns.
     * Bounded: a slow election only means writes are refused (1290) for a moment longer.
     */
    private void awaitBootstrapPrimary(Replicator r, UUID self) {
        if (!Boolean.TRUE.equals(vars.globalValue("group_replication_single_primary_mode"))) {
            return;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline
                && !(self.equals(r.primary()) && Boolean.FALSE.equals(vars.globalValue("super_read_only")))) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The group sent a snapshot past transactions this member had not applied (it was more than the message
     * cache behind). As MySQL's XCom node that cannot get purged messages: it exits the group, ERROR and
     * read-only; STOP and START bring the rows back through distributed recovery.
     */
    private void leaveOnDataGap(String reason) {
        leaveInError(null, () -> ErrorLog.gcs(LogLevel.ERROR, reason + " Node will now exit."),
                () -> ErrorLog.groupReplication(LogLevel.ERROR, GrLog.EXPELLED,
                        "Member was expelled from the group due to network failures, changing member status to ERROR."),
                new Exit(EXPELLED_ABORT, true));
    }

    /**
     * No majority for group_replication_unreachable_majority_timeout seconds: as MySQL's partition handler,
     * the member leaves the group in ERROR and read-only (what it had waiting to commit fails), then
     * auto-rejoin or exit_state_action, as after an expel.
     */
    private void leaveOnMajorityTimeout(UnreachableMajorityTimeout watch, long seconds) {
        if (majorityWatch != watch) {
            return; // armed by an earlier START
        }
        String why = "This member could not reach a majority of the members for more than " + seconds + " seconds. The member "
                + "will now leave the group as instructed by the group_replication_unreachable_majority_timeout option.";
        leaveInError(null, () -> GrLog.error(GrLog.MAJORITY_TIMEOUT, why), GrLog::readOnlyOnError, new Exit(why, true));
    }

    /**
     * The applier stopped on a transaction it could not apply (the replicator logged which and why): as
     * MySQL with group_replication_exit_state_action=READ_ONLY, the member goes to ERROR, read-only, and
     * leaves the group rather than go on without it.
     */
    private void leaveOnApplierError() {
        leaveInError(null, () -> GrLog.error(GrLog.APPLIER_FATAL, "Fatal error during execution on the Applier process of "
                + "Group Replication. The server will now leave the group."), GrLog::readOnlyOnError,
                new Exit("Fatal error during execution of Group Replication applier module.", false));
    }

    /**
     * What follows a member's leaving the group on an error: the auto-rejoin procedure when {@code rejoin}
     * (MySQL rejoins on its own after an expel or a lost majority, not after its own applier or recovery
     * failed) and allowed, otherwise group_replication_exit_state_action, whose ABORT_SERVER logs
     * {@code abortMessage}.
     */
    private record Exit(String abortMessage, boolean rejoin) {
    }

    /**
     * The member leaves {@code expected} (the current group when null) on its own, in ERROR and read-only,
     * once: {@code before} logs why, {@code after} what became of the member, then {@code exit}. Nothing
     * happens when that group was stopped or replaced meanwhile, or the member is already in ERROR.
     */
    private void leaveInError(Group expected, Runnable before, Runnable after, Exit exit) {
        lifecycle.lock();
        try {
            Group g = group;
            if (g == null || (expected != null && g != expected) || state == LocalState.ERROR) {
                return;
            }
            before.run();
            enterError();
            after.run();
            g.leave();
            if (!exit.rejoin() || !beginAutoRejoin()) {
                exitStateAction(exit.abortMessage());
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Sets how long a failed auto-rejoin attempt waits before the next (MySQL: 5 minutes; shorter in tests). */
    public void autoRejoinInterval(Duration interval) {
        this.autoRejoinInterval = interval;
    }

    /** A numeric group_replication_* variable's global value (0 if unset). */
    private long longValue(String name) {
        return vars.globalValue(name) instanceof Long l ? l : 0;
    }

    /** What exit_state_action ABORT_SERVER runs (the plugin passes the member's shutdown). */
    public void abortServerWith(Runnable shutdown) {
        this.abortServer = shutdown;
    }

    /**
     * Starts the auto-rejoin procedure when group_replication_autorejoin_tries (read now, as MySQL reads
     * the plugin's options at each attempt) allows one; called under the lifecycle lock, once this member
     * has left the group it was expelled from. False when the tries are 0.
     */
    private boolean beginAutoRejoin() {
        long tries = longValue("group_replication_autorejoin_tries");
        if (tries <= 0) {
            return false;
        }
        AutoRejoin procedure = new AutoRejoin(tries, autoRejoinInterval, stages);
        rejoining = procedure;
        Thread t = new Thread(() -> {
            boolean joined = procedure.run(() -> attemptRejoin(procedure));
            lifecycle.lock();
            try {
                if (rejoining == procedure) {
                    rejoining = null;
                    if (!joined) { // out of tries (a STOP would have taken the procedure away): ERROR and read-only stay
                        exitStateAction("Could not rejoin the member to the group after " + tries + " attempts");
                    }
                }
            } finally {
                lifecycle.unlock();
            }
        }, "jgr-gr-autorejoin");
        t.setDaemon(true);
        t.start();
        return true;
    }

    /**
     * group_replication_exit_state_action, once this member has left the group on an error and will not
     * rejoin on its own (MySQL's leave_group_on_failure): READ_ONLY keeps the super_read_only=ON already set,
     * OFFLINE_MODE also sets offline_mode=ON (the server then ends and refuses the connections of accounts
     * without SUPER), ABORT_SERVER logs {@code abortMessage} and shuts the member down.
     */
    private void exitStateAction(String abortMessage) {
        switch (String.valueOf(vars.globalValue("group_replication_exit_state_action"))) {
            case "OFFLINE_MODE" -> {
                GrLog.error(GrLog.SET_OFFLINE_ON_ERROR, "The server was automatically set into offline mode after an error was detected.");
                vars.setInternal("offline_mode", true);
            }
            case "ABORT_SERVER" -> {
                GrLog.error(GrLog.PLUGIN_ABORT, "The plugin encountered a critical error and will abort: " + abortMessage);
                abortServer.run();
            }
            default -> { }
        }
    }

    /** One attempt: what is left of the old membership goes, then START's join with the current options. */
    private boolean attemptRejoin(AutoRejoin procedure) {
        lifecycle.lock();
        try {
            if (rejoining != procedure || procedure.cancelled()) {
                return false;
            }
            tearDown();
            start(Optional.ofNullable(credentials), warning -> { }, true);
            return true;
        } catch (SQLException e) {
            return false; // START logged why; the member stays ERROR and read-only
        } finally {
            lifecycle.unlock();
        }
    }

    /** ERROR: expelled or recovery failed; as MySQL, the member stops taking writes (super_read_only). */
    private void enterError() {
        state = LocalState.ERROR;
        if (replicator != null) {
            vars.setInternal("super_read_only", true);
        }
    }

    /** Publishes the running group's TLS into {@code sink} while the group runs (null when stopped). */
    public void publishTlsTo(AtomicReference<GroupTls> sink) {
        this.runningTls = sink;
    }

    /** STOP GROUP_REPLICATION: leave the group, state OFFLINE, START credentials wiped. OK when already stopped. */
    public void stop() {
        AutoRejoin procedure = rejoining;
        if (procedure != null) {
            procedure.cancel(); // before the lock: a pause between attempts ends now, an attempt stands down after it
        }
        lifecycle.lock();
        ongoing = true;
        try {
            rejoining = null;
            majorityWatch = null;
            if (tearDown()) {
                GrLog.system(GrLog.MEMBER_LEFT, "Group membership changed: This member has left the group.");
            }
            state = LocalState.OFFLINE;
            wipeCredentials();
        } finally {
            ongoing = false;
            lifecycle.unlock();
        }
    }

    /** Leaves the group (if in one) and drops what the running START built; true when there was a group. */
    private boolean tearDown() {
        Group g = group;
        Replicator r = replicator;
        if (r != null) {
            r.stop(); // super_read_only=ON, waiting commits fail, the commit hook is removed
        }
        group = null;
        if (g != null) {
            g.leave();
        }
        replicator = null;
        if (r != null) {
            r.close(); // ends the applier: the next START builds a new pipeline
        }
        gate = null;
        runningTls.set(null);
        membership = null;
        return g != null;
    }

    private void wipeCredentials() {
        hooks.recovery().forget();
        RecoveryCredentials c = credentials;
        credentials = null;
        if (c != null) {
            c.wipe();
        }
    }

    @Override
    public void close() {
        stop();
        recoveryThread.shutdownNow();
    }

    // ---------------------------------------------------------------- membership

    private void onMembership(Membership m) {
        membership = m;
        UUID self = serverUuidOrNull();
        Group g = group;
        if (g == null) {
            return;
        }
        UnreachableMajorityTimeout watch = majorityWatch;
        if (watch != null) {
            watch.update(m.reachesVoterMajority(), longValue("group_replication_unreachable_majority_timeout"));
        }
        boolean departed = m.departed().stream().anyMatch(d -> d.memberId().equals(self)
                && d.state() == MemberState.EXPELLED) && m.member(self).isEmpty();
        if (departed || EXPELLED_REASON.equals(g.unavailableReason())) {
            onExpelled(g);
        }
    }

    /**
     * The group expelled this member (the engine read its removal, or saw it gone): ERROR and read-only at
     * once, then it leaves the group, from a thread of its own (this may run on the engine's control thread or
     * a session's). A member the group expelled is no longer in it: the others stop listing it (RECOVERING, as
     * a learner, before), and it cannot lead the group's next merge (docs/group-engine.md).
     */
    private void onExpelled(Group g) {
        synchronized (expelLock) {
            if (state == LocalState.ERROR) {
                return; // already: expelled before, or left on an applier error
            }
            enterError();
            ErrorLog.groupReplication(LogLevel.ERROR, GrLog.EXPELLED,
                    "Member was expelled from the group due to network failures, changing member status to ERROR.");
            GrLog.readOnlyOnError();
        }
        Thread leaving = new Thread(() -> {
            lifecycle.lock();
            try {
                if (group == g) { // not stopped or restarted meanwhile
                    g.leave();
                    if (!beginAutoRejoin()) {
                        exitStateAction(EXPELLED_ABORT);
                    }
                }
            } finally {
                lifecycle.unlock();
            }
        }, "jgr-gr-expelled-leave");
        leaving.setDaemon(true);
        leaving.start();
    }

    private List<InetAddress> memberAddresses() {
        Membership m = membership;
        List<InetAddress> out = new ArrayList<>();
        if (m != null) {
            for (Member member : m.members()) {
                try {
                    if (!member.host().isEmpty()) {
                        out.add(InetAddress.getByName(member.host())); // literal: no DNS
                    }
                } catch (java.net.UnknownHostException ignored) {
                    // not a literal: skip
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- what others read

    public LocalState state() {
        Group g = group;
        if (g != null && state != LocalState.ERROR && EXPELLED_REASON.equals(g.unavailableReason())) {
            onExpelled(g); // the engine found this member removed from the voting set while it kept running
        }
        return state;
    }

    /** The group while GR runs. */
    public Optional<Group> group() {
        return Optional.ofNullable(group);
    }

    /** The membership as last seen, or empty when stopped. */
    public Optional<Membership> membership() {
        return group == null ? Optional.empty() : Optional.ofNullable(membership);
    }

    /** The gate while GR runs (for `jgr` diagnostics and tests). */
    public Optional<AllowlistGate> gate() {
        return Optional.ofNullable(gate);
    }

    public RefusalRegistry refusals() {
        return refusals;
    }

    /** The plugin's performance_schema stage events (the auto-rejoin procedure). */
    StageEvents stages() {
        return stages;
    }

    /** The group action this member's sessions run, one at a time. */
    LocalActionSlot actionSlot() {
        return actionSlot;
    }

    /** The replication pipeline while GR runs (the recovery layer reads its transaction log, applies into it). */
    public Optional<Replicator> replicator() {
        return Optional.ofNullable(replicator);
    }

    /** MEMBER_ROLE: PRIMARY/SECONDARY from the replication pipeline while it runs, else the roles hook. */
    String roleOf(Member member) {
        Replicator r = replicator;
        return r != null ? r.role(member.memberId()) : hooks.roles().roleOf(member);
    }

    /** The single-primary mode's primary, as group_replication_primary_member shows it ('' when none). */
    String primaryMember() {
        Replicator r = replicator;
        UUID p = r == null ? null : r.primary();
        return p == null ? "" : p.toString();
    }

    /** The START credentials while GR runs (for distributed recovery), never after STOP. */
    public Optional<RecoveryCredentials> startCredentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Why this member must not commit writes now, or empty: not ONLINE, or no majority (the replication
     * layer refuses writes with this reason; spec: the minority cannot commit).
     */
    public Optional<String> writeBlockReason() {
        Group g = group;
        if (g == null) {
            return Optional.empty(); // GR stopped: a plain server
        }
        LocalState now = state();
        if (now != LocalState.ONLINE) {
            return Optional.of("this member is " + now + " in the group");
        }
        return Optional.ofNullable(g.unavailableReason());
    }

    /** Milliseconds from START to ONLINE of the last start, or -1. */
    public long lastStartToOnlineMillis() {
        long on = onlineAt;
        return on > startedAt ? (on - startedAt) / 1_000_000 : -1;
    }

    Hooks hooks() {
        return hooks;
    }

    SystemVariables variables() {
        return vars;
    }

    UUID serverUuidOrNull() {
        Object v = vars.globalValue("server_uuid");
        try {
            return v == null || v.toString().isEmpty() ? null : UUID.fromString(v.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private UUID serverUuid() throws SQLException {
        UUID u = serverUuidOrNull();
        if (u == null) {
            ErrorLog.groupReplication(LogLevel.ERROR, GrLog.GCS_INIT_FAILED, "The server_uuid of this server is not set.");
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
        }
        return u;
    }

    private Map<String, String> optionTexts() {
        Map<String, String> out = new HashMap<>();
        for (VarDef def : vars.definitions()) {
            Object v = vars.globalValue(def.name());
            if (v != null) {
                out.put(def.name(), vars.globalText(def.name()));
            }
        }
        return out;
    }

    /** MySQL's ER_GRP_RPL_GRP_COMMUNICATION_INIT_WITH_CONF line, with the configured (not expanded) allowlist. */
    private String configurationLine(GroupSettings s, String allowlist) {
        return "Initialized group communication with configuration: group_replication_group_name: '" + s.groupName()
                + "'; group_replication_local_address: '" + text(GroupSettings.LOCAL_ADDRESS)
                + "'; group_replication_group_seeds: '" + text(GroupSettings.SEEDS)
                + "'; group_replication_bootstrap_group: '" + s.bootstrap()
                + "'; group_replication_poll_spin_loops: " + text("group_replication_poll_spin_loops")
                + "; group_replication_compression_threshold: " + text("group_replication_compression_threshold")
                + "; group_replication_ip_allowlist: '" + allowlist
                + "'; group_replication_communication_debug_options: '" + text("group_replication_communication_debug_options")
                + "'; group_replication_member_expel_timeout: '" + text(GroupSettings.EXPEL_TIMEOUT)
                + "'; group_replication_communication_max_message_size: " + text("group_replication_communication_max_message_size")
                + "; group_replication_message_cache_size: '" + text("group_replication_message_cache_size")
                + "u'; group_replication_communication_stack: '0'";
    }

    private String text(String name) {
        Object v = vars.globalValue(name);
        return v == null ? "" : v.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** read_only / super_read_only as they were before a START, put back when the START fails. */
    private record ReadOnlyModes(Object readOnly, Object superReadOnly) {
        static ReadOnlyModes of(SystemVariables vars) {
            return new ReadOnlyModes(vars.globalValue("read_only"), vars.globalValue("super_read_only"));
        }

        void restore(SystemVariables vars) {
            vars.setInternal("super_read_only", superReadOnly);
            vars.setInternal("read_only", readOnly);
        }
    }

    /** Completes at once: the recovery of this issue (no data transfer yet). */
    static CompletableFuture<Void> noRecovery(Group group, Optional<RecoveryCredentials> credentials) {
        return CompletableFuture.completedFuture(null);
    }
}
