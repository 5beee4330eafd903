package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.gcs.Group;
import io.jgr.gcs.GroupConfig;
import io.jgr.gcs.MemberState;
import io.jgr.gcs.TestMembers;
import io.jgr.perimeter.net.PlaintextMemberTls;
import io.jgr.recovery.RecoveryModule;
import io.jgr.recovery.RecoverySettings;
import io.jgr.replication.ExecutedGtids;
import io.jgr.replication.GtidPurgedVariable;
import io.jgr.replication.OutsideGroupTransactions;
import io.jgr.replication.Replicator;
import io.jgr.replication.TransactionLogDonorLog;
import io.jgr.replication.TransactionLogPurge;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.sql.protocol.MySqlServer;
import io.jgr.store.H2Engine;
import io.jgr.testing.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The joiner flow with real parts in one JVM: a donor member (engine, replicator, group, MySQL protocol
 * server serving its transaction log), a joiner whose applier is held from before it joins, its join point,
 * the missing range fetched over a real Connector/J connection as the stored recovery user, then the held
 * deliveries — while the donor keeps committing. Both end with the same rows and gtid_executed.
 */
class JoinerRecoveryTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final AtomicLong IDS = new AtomicLong();

    @TempDir
    Path dir;

    final class Node implements AutoCloseable {
        final UUID uuid;
        final SystemVariables vars = SystemVariables.standard();
        final H2Engine engine;
        final OutsideGroupTransactions outside;
        final Replicator replicator;
        final RecoveryModule recovery;
        final MySqlServer server;
        Group group;

        Node(TestMembers members, int n) throws Exception {
            this(members, n, UUID.randomUUID());
        }

        /** Member {@code n} (its data in {@code m<n>}, kept across instances) as server {@code uuid}. */
        Node(TestMembers members, int n, UUID uuid) throws Exception {
            this.uuid = uuid;
            vars.applyStartupValue("group_replication_single_primary_mode", "OFF");
            vars.applyStartupValue("group_replication_recovery_reconnect_interval", "1");
            vars.applyStartupValue("group_replication_recovery_retry_count", "3");
            engine = H2Engine.open(dir.resolve("m" + n), vars, H2Engine.Options.defaults().withRootPassword("pw"));
            vars.applyStartupValue("group_replication_group_name", members.groupName.toString());
            ExecutedGtids executed = new ExecutedGtids(vars);
            outside = OutsideGroupTransactions.install(engine, executed, uuid);
            GtidPurgedVariable.install(vars, engine, () -> group != null, executed);
            replicator = new Replicator(engine, vars, members.groupName, uuid, executed);
            recovery = RecoveryModule.install(engine, dir.resolve("m" + n), () -> RecoverySettings.fromVariables(vars::globalText),
                    () -> new TransactionLogDonorLog(replicator.transactionLog()));
            server = new MySqlServer(engine, null);
            String ip = "127.0.0." + n;
            server.start(new InetSocketAddress(ip, 0));
            replicator.setSqlEndpoint(ip, server.port());
        }

        void join(TestMembers members, int n, boolean bootstrap) throws Exception {
            GroupConfig c = members.config(n, bootstrap, peer -> true, PlaintextMemberTls.INSTANCE);
            c = new GroupConfig(c.groupName(), uuid, c.localAddress(), c.seeds(), bootstrap, c.expelTimeout(), c.gate(), c.tls(), c.tuning());
            group = Group.join(c, replicator, replicator::membershipChanged);
        }

        /** Bootstraps the group as member {@code n} and returns once it is the writable primary. */
        void bootstrap(TestMembers members, int n) throws Exception {
            replicator.onStart(() -> {
                try {
                    outside.acknowledge();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            join(members, n, true);
            replicator.start(group);
            await().atMost(WAIT).until(() -> "0".equals(engine.globalVariable("super_read_only").orElse("1")));
        }

        /**
         * Bootstraps, writes app.t (40 rows of 500 bytes), the rpl account, in small log files (4 KiB), then purges
         * every file but the current one: no joiner can fetch the group's history from here.
         */
        void bootstrapWithPurgedLog(TestMembers members, int n) throws Exception {
            vars.setInternal("max_binlog_size", 4096L);
            bootstrap(members, n);
            try (TransactionLogPurge purge = TransactionLogPurge.install(engine, vars)) {
                try (Session s = session()) {
                    s.execute("CREATE DATABASE app");
                    s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(600))");
                    s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'rpl-Secret-42'");
                    s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
                    for (int i = 1; i <= 40; i++) {
                        s.execute("INSERT INTO app.t VALUES (" + i + ", '" + "x".repeat(500) + "')");
                    }
                }
                assertThat(purge.currentFile()).isGreaterThan(3);
                purge.purgeTo(purge.currentFile());
            }
        }

        /** Joins as a learner with its applier held from before, as the plugin does, and runs distributed recovery. */
        CompletableFuture<Void> joinAndRecover(TestMembers members, int n) throws Exception {
            replicator.holdForRecovery();
            join(members, n, false);
            return new DistributedRecovery(recovery, vars, () -> replicator, outside).recover(group, Optional.empty());
        }

        /** The recovery user, created here only (sql_log_bin=0: MySQL's procedure), and its stored credentials. */
        void provisionRecoveryUser() throws Exception {
            try (Session s = session()) {
                s.execute("SET SESSION sql_log_bin = 0");
                s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'rpl-Secret-42'");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
                s.execute("SET SESSION sql_log_bin = 1");
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='rpl-Secret-42' FOR CHANNEL 'group_replication_recovery'");
            }
        }

        Session session() throws Exception {
            Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
            return engine.openSession(new ConnectionInfo(IDS.incrementAndGet(), root, InetAddress.getLoopbackAddress(), null, null, null));
        }

        List<String> rows() throws Exception {
            List<String> out = new ArrayList<>();
            try (Session s = session()) {
                for (Object[] r : ((Result.Rows) s.execute("SELECT id, v FROM app.t ORDER BY id")).rows()) {
                    out.add(r[0] + "=" + r[1]);
                }
            }
            return out;
        }

        @Override
        public void close() {
            replicator.close();
            if (group != null) {
                group.close();
            }
            server.close();
            engine.close();
        }
    }

    @Test
    void joinerFetchesTheMissingRangeFromTheDonorThenAppliesWhatTheGroupDeliveredMeanwhile() throws Exception {
        TestMembers members = new TestMembers(2);
        try (Node donor = new Node(members, 1); Node joiner = new Node(members, 2); LogCapture log = LogCapture.open()) {
            donor.bootstrap(members, 1);
            try (Session s = donor.session()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(40))");
                s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'rpl-Secret-42'");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
                for (int i = 1; i <= 300; i++) {
                    s.execute("INSERT INTO app.t VALUES (" + i + ", 'v" + i + "')");
                }
            }
            try (Session s = joiner.session()) {
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='rpl-Secret-42' FOR CHANNEL 'group_replication_recovery'");
            }
            // writes continue on the donor while the joiner joins and recovers
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                try (Session s = donor.session()) {
                    for (int i = 1; i <= 400 && writing.get(); i++) {
                        s.execute("UPDATE app.t SET v = 'w" + i + "' WHERE id = " + (1 + i % 300));
                        s.execute("INSERT INTO app.t VALUES (" + (1000 + i) + ", 'n" + i + "')");
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            joiner.joinAndRecover(members, 2).get(120, TimeUnit.SECONDS);
            joiner.group.declareOnline().get(60, TimeUnit.SECONDS);
            joiner.replicator.start(joiner.group);
            writer.join(120_000);
            writing.set(false);
            await().atMost(WAIT).until(() -> joiner.group.membership().count(MemberState.ONLINE) == 2);
            await().atMost(WAIT).until(() -> joiner.replicator.appliedThrough() >= donor.replicator.lastDelivered()
                    && joiner.replicator.lastDelivered() >= donor.replicator.lastDelivered()
                    && donor.engine.globalVariable("gtid_executed").equals(joiner.engine.globalVariable("gtid_executed")));
            assertThat(joiner.rows()).hasSize(700).isEqualTo(donor.rows());
            assertThat(log.lines()).anyMatch(l -> l.contains("Distributed recovery finished"));
            assertThat(log.lines()).noneMatch(l -> l.contains("rpl-Secret-42"));
        }
    }

    /**
     * The group switched to single-primary mode (a ModeSwitch in its log) after a multi-primary bootstrap; a joiner
     * still configured multi-primary is refused at its join point with MySQL's line, and its variables are left as
     * they were. A joiner configured as the group now is (the same member, started again) replays the same log,
     * bootstrap and switch, and joins.
     */
    @Test
    void aJoinerWhoseModeIsNotTheGroupsIsRefused() throws Exception {
        TestMembers members = new TestMembers(2);
        try (Node donor = new Node(members, 1); LogCapture log = LogCapture.open()) {
            donor.bootstrap(members, 1);
            try (Session s = donor.session()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'rpl-Secret-42'");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
            }
            assertThat(donor.replicator.switchMode(false, donor.uuid, WAIT)).isTrue();
            assertThat(donor.vars.globalValue("group_replication_single_primary_mode")).isEqualTo(true);

            UUID joinerUuid = UUID.randomUUID();
            try (Node joiner = new Node(members, 2, joinerUuid)) { // multi-primary, without the checks: flags []
                joiner.provisionRecoveryUser();
                CompletableFuture<Void> recovered = joiner.joinAndRecover(members, 2);
                assertThatThrownBy(() -> recovered.get(120, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(DistributedRecovery.JoinRefusedException.class);
                assertThat(log.lines()).anyMatch(l -> l.contains("[ERROR] [MY-011529] [Repl] Plugin group_replication reported: "
                        + "'The member configuration is not compatible with the group configuration. Variables such as "
                        + "group_replication_single_primary_mode or group_replication_enforce_update_everywhere_checks must have "
                        + "the same value on every server in the group. (member configuration option: [], group configuration "
                        + "option: [group_replication_single_primary_mode]).'"));
                assertThat(joiner.vars.globalValue("group_replication_single_primary_mode")).isEqualTo(false);
                assertThat(joiner.engine.globalVariable("gtid_executed").orElse("")).as("nothing applied")
                        .doesNotContain(members.groupName.toString());
            }
            try (Node joiner = new Node(members, 2, joinerUuid)) {
                joiner.vars.setInternal("group_replication_single_primary_mode", true);
                joiner.joinAndRecover(members, 2).get(120, TimeUnit.SECONDS);
                joiner.group.declareOnline().get(60, TimeUnit.SECONDS);
                joiner.replicator.start(joiner.group);
                await().atMost(WAIT).until(() -> joiner.replicator.appliedThrough() >= donor.replicator.appliedThrough());
                assertThat(joiner.replicator.primary()).isEqualTo(donor.uuid);
                try (Session s = donor.session()) {
                    s.execute("CREATE DATABASE after_join");
                }
                await().atMost(WAIT).until(() -> donor.engine.globalVariable("gtid_executed")
                        .equals(joiner.engine.globalVariable("gtid_executed")));
            }
        }
    }

    /**
     * A joiner with more transactions than the group (it once bootstrapped a group of this name on its own,
     * then the group was bootstrapped from another member): as MySQL, recovery refuses it with MySQL's two
     * lines instead of letting the group's next transactions reuse its numbers.
     */
    @Test
    void aJoinerWithMoreExecutedTransactionsThanTheGroupIsRefused() throws Exception {
        TestMembers members = new TestMembers(2);
        try (Node alone = new Node(members, 2)) {
            alone.bootstrap(members, 2);
            try (Session s = alone.session()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(40))");
                s.execute("INSERT INTO app.t VALUES (1, 'only here')");
            }
        }
        try (Node donor = new Node(members, 1); Node joiner = new Node(members, 2); LogCapture log = LogCapture.open()) {
            donor.bootstrap(members, 1);
            try (Session s = donor.session()) {
                s.execute("CREATE DATABASE other");
            }
            String group = members.groupName.toString();
            assertThat(joiner.engine.globalVariable("gtid_executed")).contains(group + ":1-3");

            CompletableFuture<Void> recovered = joiner.joinAndRecover(members, 2);
            assertThatThrownBy(() -> recovered.get(120, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(DistributedRecovery.RecoveryFailedException.class);
            assertThat(log.lines()).anyMatch(l -> l.contains("This member has more executed transactions than those present in "
                    + "the group. Local transactions: " + group + ":1-3 > Group transactions: " + group + ":1"));
            assertThat(log.lines()).anyMatch(l -> l.contains("The member contains transactions not present in the group. "
                    + "The member will now exit the group."));
            assertThat(joiner.rows()).containsExactly("1=only here"); // nothing applied over it
        }
    }

    /**
     * A member that committed while no group replicated it (Group Replication stopped, super_read_only lifted
     * by hand) holds data the group never gets: as MySQL, it is refused when it joins, its own GTIDs named.
     */
    @Test
    void aJoinerThatCommittedOutsideTheGroupIsRefused() throws Exception {
        TestMembers members = new TestMembers(2);
        try (Node donor = new Node(members, 1); Node joiner = new Node(members, 2); LogCapture log = LogCapture.open()) {
            donor.bootstrap(members, 1);
            try (Session s = donor.session()) {
                s.execute("CREATE DATABASE app");
            }
            try (Session s = joiner.session()) {
                s.execute("CREATE DATABASE local_only");
                s.execute("CREATE TABLE local_only.t (id INT PRIMARY KEY)");
                s.execute("INSERT INTO local_only.t VALUES (1)");
            }
            String own = joiner.uuid + ":1-3";
            String group = members.groupName + ":1";
            assertThat(joiner.engine.globalVariable("gtid_executed")).contains(own);

            CompletableFuture<Void> recovered = joiner.joinAndRecover(members, 2);
            assertThatThrownBy(() -> recovered.get(120, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(DistributedRecovery.RecoveryFailedException.class);
            assertThat(log.lines()).anyMatch(l -> l.contains("This member has more executed transactions than those present in "
                    + "the group. Local transactions: " + own + " > Group transactions: " + group));
            assertThat(log.lines()).anyMatch(l -> l.contains("The member contains transactions not present in the group. "
                    + "The member will now exit the group."));
        }
    }

    /**
     * The group a member bootstraps begins from its data: what it committed outside a group before does not
     * keep it out when it joins that group again later (the warning at bootstrap says joiners do not get it).
     */
    @Test
    void aBootstrappersOwnEarlierTransactionsDoNotKeepItOutOfItsGroup() throws Exception {
        TestMembers members = new TestMembers(3);
        UUID first = UUID.randomUUID();
        try (LogCapture log = LogCapture.open(); Node b = new Node(members, 2); Node c = new Node(members, 3)) {
            try (Node founder = new Node(members, 1, first)) {
                try (Session s = founder.session()) {
                    s.execute("CREATE DATABASE app");
                    s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'rpl-Secret-42'");
                    s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
                    s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='rpl-Secret-42' FOR CHANNEL 'group_replication_recovery'");
                }
                founder.bootstrap(members, 1);
                assertThat(log.lines()).anyMatch(l -> l.contains("This member bootstraps the group holding transactions committed "
                        + "outside a group (" + first + ":1-3)"));
                try (Session s = founder.session()) {
                    s.execute("CREATE DATABASE app2");
                }
                for (Node joiner : List.of(b, c)) {
                    joiner.provisionRecoveryUser();
                    joiner.joinAndRecover(members, joiner == b ? 2 : 3).get(120, TimeUnit.SECONDS);
                    joiner.group.declareOnline().get(60, TimeUnit.SECONDS);
                    joiner.replicator.start(joiner.group);
                }
                await().atMost(WAIT).until(() -> b.group.membership().count(MemberState.ONLINE) == 3);
            }
            await().atMost(WAIT).ignoreExceptions().until(() -> { // once b and c have elected a leader
                try (Session s = b.session()) {
                    s.execute("CREATE DATABASE IF NOT EXISTS app3");
                }
                return true;
            });
            try (Node founder = new Node(members, 1, first)) {
                assertThat(founder.engine.globalVariable("gtid_executed").orElseThrow()).contains(first + ":1-3");
                founder.joinAndRecover(members, 1).get(120, TimeUnit.SECONDS);
                long groupThrough = b.replicator.appliedThrough(); // app2, app3 (a retried CREATE … IF NOT EXISTS adds one)
                assertThat(groupThrough).isGreaterThanOrEqualTo(2);
                await().atMost(WAIT).until(() -> founder.replicator.appliedThrough() >= groupThrough);
                assertThat(log.lines()).noneMatch(l -> l.contains("This member has more executed transactions"));
            }
        }
    }

    /**
     * The only donor purged the oldest files of its log (PURGE BINARY LOGS): it answers the joiner with MySQL's
     * 1789, the joiner's receiver logs MySQL's fatal 1236 line for each attempt, and recovery fails after the
     * retries instead of skipping what it cannot get.
     */
    @Test
    void aJoinerWhoseDonorsPurgedWhatItMissesFailsWithMySqlsLines() throws Exception {
        TestMembers members = new TestMembers(2);
        try (Node donor = new Node(members, 1); Node joiner = new Node(members, 2); LogCapture log = LogCapture.open()) {
            donor.bootstrapWithPurgedLog(members, 1);
            try (Session s = joiner.session()) {
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='rpl-Secret-42' FOR CHANNEL 'group_replication_recovery'");
            }
            CompletableFuture<Void> recovered = joiner.joinAndRecover(members, 2);
            assertThatThrownBy(() -> recovered.get(120, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(DistributedRecovery.RecoveryFailedException.class);
            assertThat(log.lines()).anyMatch(l -> l.contains("[MY-013114] [Repl] Replica I/O for channel 'group_replication_recovery': "
                    + "Got fatal error 1236 from source when reading data from binary log: 'Cannot replicate because the source "
                    + "purged required binary logs.") && l.contains("and the missing transactions are '" + members.groupName + ":1-"));
            assertThat(log.lines()).anyMatch(l -> l.contains("Maximum number of retries when trying to connect to a donor reached."));
            assertThat(joiner.replicator.localGtid()).as("nothing applied past the hole").isZero();
        }
    }

    /**
     * Every donor purged the start of its log: a new member is provisioned from a dump (the rows restored with
     * sql_log_bin=0, then the dump's SET GLOBAL gtid_purged), and recovery fetches only what came after it.
     * The variable follows MySQL's rules: no overlap with gtid_executed, a superset of the old value, not while
     * Group Replication runs.
     */
    @Test
    void aJoinerProvisionedFromADumpFetchesOnlyWhatCameAfterIt() throws Exception {
        TestMembers members = new TestMembers(2);
        try (Node donor = new Node(members, 1); Node joiner = new Node(members, 2)) {
            donor.bootstrapWithPurgedLog(members, 1);
            String group = members.groupName.toString();
            long dumped = donor.replicator.localGtid();
            // the dump, restored as mysqldump's output does it
            try (Session s = joiner.session()) {
                s.execute("SET SESSION sql_log_bin = 0");
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(600))");
                for (int i = 1; i <= 40; i++) {
                    s.execute("INSERT INTO app.t VALUES (" + i + ", '" + "x".repeat(500) + "')");
                }
                s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'rpl-Secret-42'");
                s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
                s.execute("SET SESSION sql_log_bin = 1");
                s.execute("SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '" + group + ":1-" + dumped + "';"); // mysqldump's line
                assertThat(joiner.engine.globalVariable("gtid_purged")).contains(group + ":1-" + dumped);
                assertThat(joiner.engine.globalVariable("gtid_executed")).contains(group + ":1-" + dumped);
                assertError(() -> s.execute("SET GLOBAL gtid_purged = '+" + group + ":1-" + dumped + "'"), 3546,
                        "@@GLOBAL.GTID_PURGED cannot be changed: the added gtid set must not overlap with @@GLOBAL.GTID_EXECUTED");
                assertError(() -> s.execute("SET GLOBAL gtid_purged = '" + group + ":1-2'"), 3546,
                        "@@GLOBAL.GTID_PURGED cannot be changed: the new value must be a superset of the old value");
                assertError(() -> s.execute("SET GLOBAL gtid_purged = 'not a set'"), 1772,
                        "Malformed GTID set specification 'not a set'.");
                assertError(() -> s.execute("SET GLOBAL gtid_purged = '+" + UUID.randomUUID() + ":1-3'"), 1235, null);
                assertThat(joiner.engine.globalVariable("gtid_purged")).contains(group + ":1-" + dumped);
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='rpl-Secret-42' FOR CHANNEL 'group_replication_recovery'");
            }
            try (Session s = donor.session()) {
                for (int i = 41; i <= 45; i++) {
                    s.execute("INSERT INTO app.t VALUES (" + i + ", 'after the dump')");
                }
            }
            joiner.joinAndRecover(members, 2).get(120, TimeUnit.SECONDS);
            joiner.group.declareOnline().get(60, TimeUnit.SECONDS);
            joiner.replicator.start(joiner.group);
            await().atMost(WAIT).until(() -> joiner.rows().size() == 45);
            assertThat(joiner.rows()).isEqualTo(donor.rows());
            try (Session s = joiner.session()) {
                assertError(() -> s.execute("SET GLOBAL gtid_purged = '+" + group + ":1-" + (dumped + 100) + "'"), 3911,
                        "Cannot update GTID_PURGED with the Group Replication plugin running");
            }
        }
    }

    private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(java.sql.SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(code);
            if (text != null) {
                assertThat(e.getMessage()).isEqualTo(text);
            }
        });
    }
}
