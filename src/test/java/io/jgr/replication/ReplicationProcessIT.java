package io.jgr.replication;

import static io.jgr.testing.cluster.ReplicationGroup.awaitOnline;
import static io.jgr.testing.cluster.ReplicationGroup.awaitSameGtids;
import static io.jgr.testing.cluster.ReplicationGroup.checksum;
import static io.jgr.testing.cluster.ReplicationGroup.exec;
import static io.jgr.testing.cluster.ReplicationGroup.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.testing.ExternalTools;
import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import io.jgr.testing.cluster.ReplicationGroup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's acceptance with real member processes (the cluster harness), Connector/J and sysbench,
 * single-primary under VERIFY_IDENTITY: replication to every member, secondaries refusing writes
 * (1290), sysbench oltp_write_only against the primary (no errors, same checksums everywhere), then
 * {@code kill -9} of the primary under load (a new primary, writes resume there, nothing acknowledged
 * lost; the old primary, restarted, rejoins on boot with its stored recovery credentials as a secondary
 * holding everything). The multi-primary scenarios are in {@link MultiPrimaryProcessIT}.
 *
 * <p>The sysbench run lasts {@code -Djgr.it.sysbenchSeconds} (default 60 s, the acceptance run; also in
 * {@code bench/group-sysbench.sh}).
 */
class ReplicationProcessIT {
    static final String RPL_PASSWORD = "Rpl-pass-1!";
    static final String SUPER_READ_ONLY =
            "The MySQL server is running with the --super-read-only option so it cannot execute this statement";

    @Test
    void singlePrimaryGroupOfProcesses() throws Exception {
        ExternalTools.require("sysbench");
        try (Cluster cluster = Cluster.create(3)) {
            ReplicationGroup group = ReplicationGroup.configure(cluster, "VERIFY_IDENTITY", true).startGroup();
            MemberProcess primary = cluster.member(1);
            for (MemberProcess m : cluster.members()) {
                assertThat(group.primary(m)).contains(primary);
                assertThat(query(m, "SELECT MEMBER_ROLE FROM performance_schema.replication_group_members ORDER BY MEMBER_ROLE"))
                        .containsExactly("PRIMARY", "SECONDARY", "SECONDARY");
            }

            // writes on the primary (Connector/J, prepared statements) appear on every member
            exec(primary, "CREATE DATABASE app");
            exec(primary, "CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(40), n BIGINT)");
            try (Connection c = primary.connect("root", MemberProcess.ROOT_PASSWORD, "app", "useServerPrepStmts=true");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 50; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row " + i);
                    ps.setLong(3, i * 1000L);
                    ps.executeUpdate();
                }
            }
            awaitSameGtids(cluster.members());
            String sum = checksum(primary, "app.t");
            for (MemberProcess m : cluster.members()) {
                assertThat(query(m, "SELECT COUNT(*) FROM app.t")).containsExactly("50");
                assertThat(checksum(m, "app.t")).isEqualTo(sum);
                assertThat(query(m, "SELECT COUNT_TRANSACTIONS_CHECKED FROM performance_schema.replication_group_member_stats "
                        + "WHERE MEMBER_ID = @@server_uuid")).hasSize(1);
            }
            // secondaries refuse writes with MySQL's 1290
            for (MemberProcess secondary : cluster.members().subList(1, 3)) {
                assertThatThrownBy(() -> exec(secondary, "INSERT INTO app.t VALUES (99, 'no', 0)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1290);
                            assertThat(e.getMessage()).isEqualTo(SUPER_READ_ONLY);
                        });
            }
            readsFollowWrites(primary, cluster.member(3), "EVENTUAL", "BEFORE");
            readsFollowWrites(primary, cluster.member(2), "AFTER", "EVENTUAL");

            sysbenchWriteOnly(cluster, primary, Integer.getInteger("jgr.it.sysbenchSeconds", 60));
            primaryKilledUnderLoad(group, cluster, primary);
        }
    }

    /**
     * group_replication_consistency (Connector/J sessions): with BEFORE on the secondary's reader, or AFTER on the
     * primary's writer, a row committed on the primary is there for the secondary's very next read, every time.
     * (With EVENTUAL on both, the first such read was stale: tried once, session 30.)
     */
    private static void readsFollowWrites(MemberProcess primary, MemberProcess secondary, String writerLevel, String readerLevel)
            throws Exception {
        try (Connection w = primary.connect("root", MemberProcess.ROOT_PASSWORD, "app", null);
             Connection r = secondary.connect("root", MemberProcess.ROOT_PASSWORD, "app", null);
             Statement ws = w.createStatement(); Statement rs = r.createStatement()) {
            ws.execute("SET SESSION group_replication_consistency = '" + writerLevel + "'");
            rs.execute("SET SESSION group_replication_consistency = '" + readerLevel + "'");
            for (int i = 1; i <= 30; i++) {
                ws.executeUpdate("UPDATE t SET n = " + (-i) + " WHERE id = 1");
                try (java.sql.ResultSet row = rs.executeQuery("SELECT n FROM t WHERE id = 1")) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getLong(1)).as("%s writer, %s reader: read %d on the secondary", writerLevel, readerLevel, i)
                            .isEqualTo(-i);
                }
            }
        }
    }

    /** sysbench oltp_write_only against the primary: exit 0, no ignored errors, identical checksums afterwards. */
    private static void sysbenchWriteOnly(Cluster cluster, MemberProcess primary, int seconds) throws Exception {
        exec(primary, "CREATE DATABASE sbtest");
        exec(primary, "CREATE USER sb@'%' IDENTIFIED BY 'Sb-pass-1'");
        exec(primary, "GRANT ALL ON sbtest.* TO sb@'%'");
        List<String> sb = List.of("sysbench", "oltp_write_only", "--db-driver=mysql", "--mysql-host=" + primary.ip(),
                "--mysql-port=" + primary.port(), "--mysql-user=sb", "--mysql-password=Sb-pass-1", "--mysql-db=sbtest",
                "--mysql-ssl=off", "--tables=1", "--table-size=10000", "--threads=2", "--db-ps-mode=disable",
                // only a deadlock between sysbench's own two threads (rows locked in opposite orders, as InnoDB
                // reports them too) may be retried; any other error (3100, 3101, 1290 …) stops sysbench: exit ≠ 0
                "--mysql-ignore-errors=1213");
        ExternalTools.Outcome prepare = ExternalTools.run(concat(sb, "prepare"), "", Duration.ofSeconds(120));
        assertThat(prepare.exit()).as(prepare.stderr() + prepare.stdout()).isZero();
        ExternalTools.Outcome run = ExternalTools.run(concat(sb, "--time=" + seconds, "--report-interval=0", "run"), "",
                Duration.ofSeconds(seconds + 120L));
        assertThat(run.exit()).as(run.stderr() + run.stdout()).isZero();
        System.out.println("sysbench oltp_write_only against the primary: " + run.stdout().lines()
                .filter(l -> l.contains("transactions:") || l.contains("ignored errors:")).toList());
        assertThat(run.stdout()).containsPattern("transactions:\\s+[1-9]");
        awaitSameGtids(cluster.members());
        String sum = checksum(primary, "sbtest.sbtest1");
        for (MemberProcess m : cluster.members()) {
            assertThat(checksum(m, "sbtest.sbtest1")).as(m.name()).isEqualTo(sum);
        }
    }

    /**
     * Two writers insert unique ids on the primary; the primary is killed; the survivors elect a new one,
     * the writers find it and go on; every id a writer saw committed is on both survivors.
     */
    private static void primaryKilledUnderLoad(ReplicationGroup group, Cluster cluster, MemberProcess old) throws Exception {
        exec(old, "CREATE TABLE app.acked (id BIGINT PRIMARY KEY, writer INT)");
        // the killed primary comes back on its own afterwards: a recovery account (replicated) and its
        // credentials stored on that member for the recovery channel, as a DBA would
        exec(old, "CREATE USER rpl@'%' IDENTIFIED BY '" + RPL_PASSWORD + "'");
        exec(old, "GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
        exec(old, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='" + RPL_PASSWORD
                + "' FOR CHANNEL 'group_replication_recovery'");
        List<MemberProcess> survivors = cluster.members().subList(1, 3);
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ids = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                MemberProcess target = old;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!stop.get() && System.nanoTime() < deadline) {
                    try (Connection c = target.connect("root", MemberProcess.ROOT_PASSWORD, "app", "socketTimeout=20000");
                         Statement s = c.createStatement()) {
                        while (!stop.get() && System.nanoTime() < deadline) {
                            long id = ids.incrementAndGet();
                            s.executeUpdate("INSERT INTO acked VALUES (" + id + ", " + writer + ")");
                            acked.add(id);
                            if (killed.get()) {
                                afterKill.incrementAndGet();
                            }
                        }
                    } catch (SQLException e) {
                        // the primary died or is not (yet) writable: find the one the survivors report
                        sleep(200);
                        try {
                            target = group.primary(survivors.get(writer)).orElse(target);
                        } catch (SQLException again) {
                            sleep(200);
                        }
                    }
                }
            }, "writer-" + w);
            t.start();
            writers.add(t);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 50);
        old.kill9();
        killed.set(true);
        await().atMost(Duration.ofSeconds(90)).until(() -> afterKill.get() >= 50);
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
        MemberProcess newPrimary = group.primary(survivors.get(0)).orElseThrow();
        assertThat(survivors).contains(newPrimary);
        assertThat(group.primary(survivors.get(1))).contains(newPrimary);
        assertThat(newPrimary.errorLogLines()).anyMatch(l -> l.contains("This server is working as primary member."));
        // the new primary leads the group's log (docs/group-engine.md, "The leader follows the primary")
        String newPrimaryUuid = query(newPrimary, "SELECT @@server_uuid").get(0);
        for (MemberProcess m : survivors) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(query(m,
                    "SELECT COUNT(*) FROM performance_schema.replication_group_communication_information WHERE "
                            + "WRITE_CONSENSUS_LEADERS_PREFERRED = '" + newPrimaryUuid + "' AND WRITE_CONSENSUS_LEADERS_ACTUAL = '"
                            + newPrimaryUuid + "'")).as(m.name()).containsExactly("1"));
        }
        awaitSameGtids(survivors);
        for (MemberProcess m : survivors) {
            Set<Long> present = new HashSet<>();
            for (String id : query(m, "SELECT id FROM app.acked")) {
                present.add(Long.parseLong(id));
            }
            assertThat(present).as(m.name()).containsAll(acked);
        }
        assertThat(checksum(survivors.get(0), "app.acked")).isEqualTo(checksum(survivors.get(1), "app.acked"));
        assertThat(checksum(survivors.get(0), "sbtest.sbtest1")).isEqualTo(checksum(survivors.get(1), "sbtest.sbtest1"));

        // the old primary restarts on its datadir, rejoins on boot through distributed recovery and is a
        // SECONDARY of the new primary (a sitting primary is not replaced), with everything acknowledged.
        old.option("group_replication_start_on_boot", "ON").option("super_read_only", "ON")
                .option("group_replication_recovery_reconnect_interval", "1").start();
        awaitOnline(old, 3);
        assertThat(group.primary(old)).contains(newPrimary);
        awaitSameGtids(cluster.members());
        Set<Long> onOld = new HashSet<>();
        for (String id : query(old, "SELECT id FROM app.acked")) {
            onOld.add(Long.parseLong(id));
        }
        assertThat(onOld).containsAll(acked);
        Set<Long> onNew = new HashSet<>();
        for (String id : query(newPrimary, "SELECT id FROM app.acked")) {
            onNew.add(Long.parseLong(id));
        }
        Set<Long> onlyOld = new java.util.TreeSet<>(onOld);
        onlyOld.removeAll(onNew);
        Set<Long> onlyNew = new java.util.TreeSet<>(onNew);
        onlyNew.removeAll(onOld);
        assertThat(checksum(old, "app.acked"))
                .as("app.acked on the restarted old primary and the new primary (ids only on the old: %s, only on the "
                        + "new: %s; acknowledged %d; gtid_executed %s / %s)", onlyOld, onlyNew, acked.size(),
                        query(old, "SELECT @@gtid_executed"), query(newPrimary, "SELECT @@gtid_executed"))
                .isEqualTo(checksum(newPrimary, "app.acked"));
        assertThat(checksum(old, "sbtest.sbtest1")).isEqualTo(checksum(newPrimary, "sbtest.sbtest1"));
        assertThatThrownBy(() -> exec(old, "INSERT INTO app.acked VALUES (-1, -1)"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1290));

        // a planned switch back to the old member, asked on the third one through Connector/J
        MemberProcess third = cluster.members().stream().filter(m -> m != old && m != newPrimary).findFirst().orElseThrow();
        String oldUuid = query(old, "SELECT @@server_uuid").get(0);
        assertThat(query(third, "SELECT group_replication_set_as_primary('" + oldUuid + "')"))
                .containsExactly("Primary server switched to: " + oldUuid);
        for (MemberProcess m : cluster.members()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> group.primary(m).filter(p -> p == old).isPresent());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> exec(old, "INSERT INTO app.acked VALUES (-1, -1)"));
        assertThatThrownBy(() -> exec(newPrimary, "INSERT INTO app.acked VALUES (-2, -2)"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1290));
        awaitSameGtids(cluster.members());
        assertThat(checksum(newPrimary, "app.acked")).isEqualTo(checksum(old, "app.acked"));
    }

    static List<String> concat(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
