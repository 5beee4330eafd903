package io.jgr.gr;

import io.jgr.gcs.GroupConfig;
import io.jgr.recovery.DonorLog;
import io.jgr.recovery.RecoveryModule;
import io.jgr.recovery.RecoverySettings;
import io.jgr.recovery.StartOnBoot;
import io.jgr.replication.BinaryLogStatements;
import io.jgr.replication.ExecutedGtids;
import io.jgr.replication.GtidPurgedVariable;
import io.jgr.replication.OutsideGroupTransactions;
import io.jgr.replication.Replicator;
import io.jgr.replication.TransactionLogDonorLog;
import io.jgr.replication.TransactionLogPurge;
import io.jgr.server.MemberContext;
import io.jgr.server.MemberPlugin;
import io.jgr.server.config.SystemVariables;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.time.Duration;

/**
 * Group Replication as a {@link MemberPlugin} of the member process: installs the plugin's SQL on the
 * engine and, with {@code group_replication_start_on_boot=ON}, starts it on its own thread (the member
 * is already accepting clients, as mysqld's asynchronous start on boot).
 *
 * <p>Failure detection can be shortened for tests with the system properties
 * {@code jgr.gr.suspectTimeoutMs} and {@code jgr.gr.verifyTimeoutMs}.
 */
public final class GroupReplicationPlugin implements MemberPlugin {
    private volatile GroupReplication plugin;
    private volatile Thread boot;
    private volatile RecoveryModule recovery;
    private volatile TransactionLogPurge logPurge;

    @Override
    public String name() {
        return "group_replication";
    }

    @Override
    public void start(MemberContext member) {
        SystemVariables vars = member.variables();
        // CHANGE … FOR CHANNEL, the donor statement and the recovery tables exist on every member (stored credentials too)
        RecoveryModule module = RecoveryModule.install(member.engine(), member.config().datadir(),
                () -> RecoverySettings.fromVariables(vars::globalText), this::donorLog);
        recovery = module;
        installBinaryLogs(member);
        ExecutedGtids executed = new ExecutedGtids(vars);
        showLoggedGtids(member, executed);
        OutsideGroupTransactions outside = installOutsideGroup(member, executed);
        Hooks hooks = Hooks.defaults().withTuning(tuning())
                .withReplication((groupName, serverUuid) -> newReplicator(member, groupName, serverUuid, executed, outside))
                .withRecovery(new DistributedRecovery(module, vars, this::replicator, outside));
        GroupReplication gr = new GroupReplication(vars, hooks);
        installGtidPurged(member, gr, executed);
        // MySQL's 5 minutes between auto-rejoin attempts; process tests shorten it
        gr.autoRejoinInterval(Duration.ofMillis(Long.getLong("jgr.gr.autorejoinIntervalMs", AutoRejoin.INTERVAL.toMillis())));
        gr.abortServerWith(member.shutdown());
        gr.publishTlsTo(member.groupTls());
        GroupReplicationSql.install(member.engine(), gr);
        plugin = gr;
        if (loaded(member) && Boolean.TRUE.equals(vars.globalValue("group_replication_start_on_boot"))) {
            // as mysqld: a member about to join its group takes no local (unreplicated) writes meanwhile;
            // START lifts it once ONLINE (elected), and leaves it ON if the start on boot fails
            vars.setInternal("super_read_only", true);
            Thread t = new Thread(() -> startOnBoot(gr, vars, module), "jgr-gr-start-on-boot");
            t.setDaemon(true);
            boot = t;
            t.start();
        }
    }

    /** The transaction log's files as MySQL's binary logs: max_binlog_size, expiry, SHOW and PURGE BINARY LOGS. */
    private void installBinaryLogs(MemberContext member) {
        try {
            TransactionLogPurge purge = TransactionLogPurge.install(member.engine(), member.variables());
            BinaryLogStatements.register(member.engine(), purge);
            logPurge = purge;
        } catch (java.sql.SQLException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-010000", "Server", "The transaction log files will not be rotated or purged: "
                    + e.getMessage());
        }
    }

    /** @@gtid_executed from the start: the group's transactions the log holds (ExecutedGtids.showLogged). */
    private static void showLoggedGtids(MemberContext member, ExecutedGtids executed) {
        try (io.jgr.store.H2Session internal = member.engine().openApplierSession()) {
            executed.showLogged(internal.connection(), member.variables().globalText("group_replication_group_name"));
        } catch (java.sql.SQLException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-010000", "Server", "@@gtid_executed will show the group's transactions "
                    + "from START on: " + e.getMessage());
        }
    }

    /** SET GLOBAL gtid_purged records the group's GTIDs a restored dump holds (refused while GR runs). */
    private static void installGtidPurged(MemberContext member, GroupReplication gr, ExecutedGtids executed) {
        try {
            GtidPurgedVariable.install(member.variables(), member.engine(), () -> gr.group().isPresent(), executed);
        } catch (java.sql.SQLException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-010000", "Server", "SET GLOBAL gtid_purged will have no effect: " + e.getMessage());
        }
    }

    /** Counts the commits made outside a group (MySQL's server_uuid GTIDs); none counted if it cannot. */
    private static OutsideGroupTransactions installOutsideGroup(MemberContext member, ExecutedGtids executed) {
        try {
            return OutsideGroupTransactions.install(member.engine(), executed,
                    java.util.UUID.fromString(member.variables().globalText("server_uuid")));
        } catch (java.sql.SQLException | IllegalArgumentException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-010000", "Server", "Transactions committed outside the group will not be "
                    + "counted in @@gtid_executed: " + e.getMessage());
            return null;
        }
    }

    /** Spec §4.3: start on boot only with stored credentials (START ones cannot exist yet); else the lines, no start. */
    private static void startOnBoot(GroupReplication gr, SystemVariables vars, RecoveryModule module) {
        String groupName = vars.globalText("group_replication_group_name");
        // a member bootstrapping the group never recovers from a donor: it needs no credentials
        boolean bootstrap = Boolean.TRUE.equals(vars.globalValue("group_replication_bootstrap_group"));
        if (bootstrap || StartOnBoot.decide(true, groupName, module.credentials()).start()) {
            gr.startOnBoot();
        }
    }

    /**
     * A new pipeline per START. It announces this member's SQL endpoint (its donor address for joiners);
     * a joiner's applier is held from before it joins until distributed recovery has applied the missing range.
     */
    private static Replicator newReplicator(MemberContext member, java.util.UUID groupName, java.util.UUID serverUuid,
                                            ExecutedGtids executed, OutsideGroupTransactions outside) throws java.sql.SQLException {
        SystemVariables vars = member.variables();
        Replicator r = new Replicator(member.engine(), vars, groupName, serverUuid, executed);
        r.setSqlEndpoint(sqlHost(vars), member.sqlPort());
        if (!Boolean.TRUE.equals(vars.globalValue("group_replication_bootstrap_group"))) {
            r.holdForRecovery();
        } else if (outside != null) {
            r.onStart(() -> acknowledge(outside));
        }
        return r;
    }

    /** The group a member bootstraps begins from its data, what it committed outside a group included. */
    private static void acknowledge(OutsideGroupTransactions outside) {
        try {
            outside.acknowledge();
        } catch (java.sql.SQLException e) {
            ErrorLog.write(LogLevel.WARNING, "MY-010000", "Repl", "Could not record that the group knows this member's "
                    + "transactions committed outside a group; it will be refused when it joins: " + e.getMessage());
        }
    }

    /** MEMBER_HOST as MySQL reports it: report_host, else the bound address when it is one, else hostname. */
    static String sqlHost(SystemVariables vars) {
        String report = vars.globalText("report_host");
        if (report != null && !report.isEmpty()) {
            return report;
        }
        String bind = vars.globalText("bind_address");
        if (bind != null && !bind.isEmpty() && !bind.equals("*") && !bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind;
        }
        return vars.globalText("hostname");
    }

    private Replicator replicator() {
        GroupReplication gr = plugin;
        return gr == null ? null : gr.replicator().orElse(null);
    }

    private DonorLog donorLog() {
        Replicator r = replicator();
        return r == null ? null : new TransactionLogDonorLog(r.transactionLog());
    }

    /** Distributed recovery on this member (credentials, status tables). */
    public RecoveryModule recovery() {
        return recovery;
    }

    /**
     * As mysqld, the plugin acts on its own only when the options load it ({@code plugin_load_add} or
     * {@code plugin_load} naming group_replication); its statements and tables are always there.
     */
    static boolean loaded(MemberContext member) {
        for (String option : new String[] {"plugin_load_add", "plugin_load"}) {
            if (member.config().option(option).filter(v -> v.contains("group_replication")).isPresent()) {
                return true;
            }
        }
        return false;
    }

    static GroupConfig.Tuning tuning() {
        GroupConfig.Tuning t = GroupConfig.Tuning.DEFAULTS;
        long suspect = Long.getLong("jgr.gr.suspectTimeoutMs", t.suspectTimeout().toMillis());
        long verify = Long.getLong("jgr.gr.verifyTimeoutMs", t.verifyTimeout().toMillis());
        return t.withFailureDetection(Duration.ofMillis(suspect), Duration.ofMillis(verify));
    }

    /** The running plugin (null before start). */
    public GroupReplication groupReplication() {
        return plugin;
    }

    @Override
    public void stop() {
        Thread t = boot;
        if (t != null) {
            try {
                t.join(30_000); // START on boot is bounded by the join timeouts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        GroupReplication gr = plugin;
        if (gr != null) {
            gr.close();
        }
        RecoveryModule m = recovery;
        if (m != null) {
            m.credentials().clearStartCredentials();
        }
        TransactionLogPurge purge = logPurge;
        if (purge != null) {
            purge.close();
        }
    }
}
