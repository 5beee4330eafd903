package io.jgr.replication;

import static io.jgr.testing.cluster.ReplicationGroup.awaitOnline;
import static io.jgr.testing.cluster.ReplicationGroup.awaitSameGtids;
import static io.jgr.testing.cluster.ReplicationGroup.checksum;
import static io.jgr.testing.cluster.ReplicationGroup.exec;
import static io.jgr.testing.cluster.ReplicationGroup.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import io.jgr.testing.cluster.ReplicationGroup;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Multi-primary (single_primary_mode=OFF, enforce_update_everywhere_checks=ON) with real member
 * processes (TLS DISABLED on the group, to spare the shared CPU): concurrent updates of one row on two
 * members — each pair exactly one commit and one 3101 (1213 when the applier aborted the loser before
 * its COMMIT, docs/replication.md) — and a bank workload from clients on every member under repeated
 * {@code kill -9} and restart of a member.
 *
 * <p>A killed member is restarted on its datadir and rejoins on boot ({@code group_replication_start_on_boot=ON},
 * {@code super_read_only=ON} in its options file, as an operator would set them) with the recovery
 * credentials stored by {@code CHANGE REPLICATION SOURCE … FOR CHANNEL 'group_replication_recovery'}: distributed
 * recovery fetches what it missed from a donor, then it is ONLINE and takes transfers again.
 */
class MultiPrimaryProcessIT {
    /** -Djgr.it.pairs=N runs more pairs (a stress run). */
    static final int PAIRS = Integer.getInteger("jgr.it.pairs", 40);
    /** Every third pair member 2 commits this late: member 1's change reaches its applier first, which aborts it (1213). */
    static final long LATE_COMMIT_MS = 600;
    static final int ACCOUNTS = 10;
    static final long INITIAL = 1000;
    static final int CLIENTS_PER_MEMBER = 2;
    /** A bound on each client's attempts (the phase stops them long before). */
    static final int TRANSFERS_PER_CLIENT = 20_000;
    static final String RPL_PASSWORD = "Rpl-pass-1!";

    @Test
    void multiPrimaryGroupOfProcesses() throws Exception {
        try (Cluster cluster = Cluster.create(3, false)) {
            ReplicationGroup.configure(cluster, "DISABLED", false).startGroup();
            for (MemberProcess m : cluster.members()) {
                assertThat(query(m, "SELECT MEMBER_ROLE FROM performance_schema.replication_group_members"))
                        .containsExactly("PRIMARY", "PRIMARY", "PRIMARY");
            }
            exec(cluster.member(1), "CREATE DATABASE mp");
            concurrentUpdatesOfOneRow(cluster);
            bankUnderKillAndRestart(cluster);
            aMemberInTheOtherModeIsRefused(cluster);
        }
    }

    private static void concurrentUpdatesOfOneRow(Cluster cluster) throws Exception {
        MemberProcess a = cluster.member(1);
        MemberProcess b = cluster.member(2);
        exec(a, "CREATE TABLE mp.hot (id INT PRIMARY KEY, n BIGINT)");
        exec(a, "INSERT INTO mp.hot VALUES (1, 0)");
        awaitSameGtids(cluster.members());
        ExecutorService two = Executors.newFixedThreadPool(2);
        int commits = 0;
        Map<Integer, Integer> errors = new ConcurrentHashMap<>();
        try (Connection ca = a.connect("root", MemberProcess.ROOT_PASSWORD, "mp", null);
             Connection cb = b.connect("root", MemberProcess.ROOT_PASSWORD, "mp", null)) {
            ca.setAutoCommit(false);
            cb.setAutoCommit(false);
            List<String> history = new ArrayList<>();
            for (int pair = 0; pair < PAIRS; pair++) {
                // both members must have applied everything before: each pair starts from the same snapshot
                String gtids = awaitSameGtids(List.of(a, b));
                for (MemberProcess m : List.of(a, b)) {
                    // checked pair by pair, so that a lost increment names the pair that lost it
                    assertThat(query(m, "SELECT n FROM mp.hot WHERE id = 1")).as("%s before pair %d at %s after %s", m.name(),
                            pair, gtids, history.subList(Math.max(0, history.size() - 6), history.size())).containsExactly(Integer.toString(commits));
                }
                CyclicBarrier bothUpdated = new CyclicBarrier(2);
                long lateB = pair % 3 == 2 ? LATE_COMMIT_MS : 0;
                Future<Integer> fa = two.submit(() -> updateThenCommit(ca, bothUpdated, 0));
                Future<Integer> fb = two.submit(() -> updateThenCommit(cb, bothUpdated, lateB));
                int ra = fa.get(90, TimeUnit.SECONDS);
                int rb = fb.get(90, TimeUnit.SECONDS);
                assertThat(List.of(ra, rb)).as("pair %d: one commits, the other is refused", pair)
                        .containsExactlyInAnyOrder(0, ra == 0 ? rb : ra);
                int refused = ra == 0 ? rb : ra;
                assertThat(refused).as("pair %d", pair).isIn(3101, 1213);
                errors.merge(refused, 1, Integer::sum);
                commits++;
                history.add(pair + ":" + ra + "/" + rb);
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(errors.getOrDefault(3101, 0)).as("3101 dominates: %s", errors).isGreaterThan(0);
        System.out.println("pairs: " + PAIRS + ", refusals " + errors);
        awaitSameGtids(cluster.members());
        String sum = checksum(a, "mp.hot");
        for (MemberProcess m : cluster.members()) {
            // every acknowledged increment is there, on every member (a lost one leaves n below the commits)
            assertThat(query(m, "SELECT n FROM mp.hot WHERE id = 1")).as(m.name()).containsExactly(Integer.toString(commits));
            assertThat(checksum(m, "mp.hot")).as(m.name()).isEqualTo(sum);
        }
    }

    /** 0 when committed, else the error number. */
    private static int updateThenCommit(Connection c, CyclicBarrier bothUpdated, long commitAfterMs) throws Exception {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE hot SET n = n + 1 WHERE id = 1");
            bothUpdated.await(30, TimeUnit.SECONDS);
            if (commitAfterMs > 0) {
                Thread.sleep(commitAfterMs);
            }
            c.commit();
            return 0;
        } catch (SQLException e) {
            c.rollback();
            return e.getErrorCode();
        }
    }

    private static void bankUnderKillAndRestart(Cluster cluster) throws Exception {
        MemberProcess first = cluster.member(1);
        // the seed's procedure: a recovery account on the group (replicated), its credentials stored on each
        // member for the recovery channel (local, encrypted at rest), so a restarted member rejoins on boot
        exec(first, "CREATE USER rpl@'%' IDENTIFIED BY '" + RPL_PASSWORD + "'");
        exec(first, "GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
        for (MemberProcess m : cluster.members()) {
            exec(m, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='" + RPL_PASSWORD
                    + "' FOR CHANNEL 'group_replication_recovery'");
        }
        exec(first, "CREATE TABLE mp.accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
        exec(first, "CREATE TABLE mp.transfers (id VARCHAR(40) PRIMARY KEY, src INT, dst INT, amount BIGINT)");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= ACCOUNTS; i++) {
            rows.append(i == 1 ? "" : ",").append("(").append(i).append(", ").append(INITIAL).append(")");
        }
        exec(first, "INSERT INTO mp.accounts VALUES " + rows);
        awaitSameGtids(cluster.members());

        Bank bank = new Bank();
        List<Thread> clients = new ArrayList<>();
        for (MemberProcess m : cluster.members()) {
            for (int k = 0; k < CLIENTS_PER_MEMBER; k++) {
                String name = m.name() + "-" + k;
                Thread t = new Thread(() -> bankClient(m, name, bank), name);
                t.start();
                clients.add(t);
            }
        }
        // kill -9 and restart a member, cycle after cycle (a different one each time: member 1 is the group's
        // first Raft leader, then member 2), while every client keeps transferring (-Djgr.it.killRestartCycles=N
        // runs the first N).
        List<MemberProcess> victims = List.of(cluster.member(3), cluster.member(1), cluster.member(2))
                .subList(0, Integer.getInteger("jgr.it.killRestartCycles", 3));
        try {
            for (MemberProcess victim : victims) {
                int before = bank.acked.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> bank.acked.size() >= before + 30);
                victim.kill9();
                int atKill = bank.acked.size();
                // the survivors go on acknowledging transfers while the victim is down
                await().atMost(Duration.ofSeconds(60)).until(() -> bank.acked.size() >= atKill + 30);
                // it rejoins on boot with the stored credentials (distributed recovery from a donor) while the
                // clients keep writing, and takes no local writes until it is back in the group.
                victim.option("group_replication_start_on_boot", "ON").option("super_read_only", "ON")
                        .option("group_replication_recovery_reconnect_interval", "1").start();
                awaitOnline(victim, 3, Duration.ofSeconds(150));
                int victimAcks = bank.ackedOn(victim);
                await().atMost(Duration.ofSeconds(60)).until(() -> bank.ackedOn(victim) >= victimAcks + 5);
            }
        } finally {
            bank.stop.set(true);
            for (Thread t : clients) {
                t.join(60_000);
            }
        }

        awaitSameGtids(cluster.members());
        String accounts = checksum(first, "mp.accounts");
        String transfers = checksum(first, "mp.transfers");
        for (MemberProcess m : cluster.members()) {
            assertThat(query(m, "SELECT SUM(balance) FROM mp.accounts")).as(m.name())
                    .containsExactly(Long.toString(ACCOUNTS * INITIAL));
            Set<String> present = new HashSet<>(query(m, "SELECT id FROM mp.transfers"));
            assertThat(present).as(m.name()).containsAll(bank.acked);
            // nothing is there that was refused: only acknowledged or in-doubt transfers (an error on COMMIT)
            Set<String> possible = new HashSet<>(bank.acked);
            possible.addAll(bank.inDoubt);
            assertThat(possible).as(m.name()).containsAll(present);
            // every balance is exactly what the transfers present say: no half transaction anywhere
            for (int i = 1; i <= ACCOUNTS; i++) {
                long in = Long.parseLong(query(m, "SELECT COALESCE(SUM(amount), 0) FROM mp.transfers WHERE dst = " + i).get(0));
                long out = Long.parseLong(query(m, "SELECT COALESCE(SUM(amount), 0) FROM mp.transfers WHERE src = " + i).get(0));
                assertThat(query(m, "SELECT balance FROM mp.accounts WHERE id = " + i)).as(m.name() + " account " + i)
                        .containsExactly(Long.toString(INITIAL + in - out));
            }
            assertThat(checksum(m, "mp.accounts")).as(m.name()).isEqualTo(accounts);
            assertThat(checksum(m, "mp.transfers")).as(m.name()).isEqualTo(transfers);
        }
        System.out.println("bank under kill -9 and restart: " + bank.acked.size() + " acknowledged, "
                + bank.inDoubt.size() + " in doubt, errors by number " + bank.errors);
    }

    /**
     * A member configured single-primary is refused by this multi-primary group, as MySQL's is: START fails with
     * 3092, MySQL's line names both configurations, and the member stays OFFLINE and read-only. With the group's
     * settings it joins again.
     */
    private static void aMemberInTheOtherModeIsRefused(Cluster cluster) throws Exception {
        MemberProcess m = cluster.member(3);
        exec(m, "STOP GROUP_REPLICATION");
        exec(m, "SET GLOBAL group_replication_enforce_update_everywhere_checks = OFF");
        exec(m, "SET GLOBAL group_replication_single_primary_mode = ON");
        int before = m.errorLogLines().size();
        assertThatThrownBy(() -> exec(m, "START GROUP_REPLICATION")).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(3092);
            assertThat(e.getMessage()).isEqualTo("The server is not configured properly to be an active member of the group. "
                    + "Please see more details on error log.");
        });
        assertThat(String.join("\n", m.errorLogLines().subList(before, m.errorLogLines().size()))).contains("[ERROR] [MY-011529] "
                + "[Repl] Plugin group_replication reported: 'The member configuration is not compatible with the group "
                + "configuration. Variables such as group_replication_single_primary_mode or "
                + "group_replication_enforce_update_everywhere_checks must have the same value on every server in the group. "
                + "(member configuration option: [group_replication_single_primary_mode], group configuration option: "
                + "[group_replication_enforce_update_everywhere_checks]).'");
        assertThat(query(m, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members")).containsExactly("OFFLINE");
        assertThat(query(m, "SELECT @@super_read_only")).containsExactly("1");
        await().atMost(Duration.ofSeconds(60)).until(() -> query(cluster.member(1),
                "SELECT MEMBER_STATE FROM performance_schema.replication_group_members").size() == 2);

        exec(m, "SET GLOBAL group_replication_single_primary_mode = OFF");
        exec(m, "SET GLOBAL group_replication_enforce_update_everywhere_checks = ON");
        exec(m, "START GROUP_REPLICATION");
        awaitOnline(m, 3);
        exec(m, "CREATE TABLE mp.after_refusal (id INT PRIMARY KEY)");
        awaitSameGtids(cluster.members());
    }

    /** What the bank clients saw: transfers acknowledged (COMMIT returned) and in doubt (COMMIT failed ambiguously). */
    private static final class Bank {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> ackedByMember = new ConcurrentHashMap<>();
        final Map<Integer, Integer> errors = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();

        int ackedOn(MemberProcess m) {
            return ackedByMember.getOrDefault(m.name(), 0);
        }
    }

    /**
     * Transfers on one member until told to stop (or its bounds). A conflict (3101, 1213) or a refused
     * statement ends that transfer: not applied. An error on COMMIT other than 3101 (the member died, the
     * group could not order it in time: 3100) leaves the transfer in doubt — as in MySQL it may or may not
     * have committed; only a COMMIT that returned counts as acknowledged.
     */
    private static void bankClient(MemberProcess m, String name, Bank bank) {
        long deadline = System.nanoTime() + Duration.ofSeconds(400).toNanos();
        int seq = 0;
        while (!bank.stop.get() && seq < TRANSFERS_PER_CLIENT && System.nanoTime() < deadline) {
            try (Connection c = m.connect("root", MemberProcess.ROOT_PASSWORD, "mp", "socketTimeout=30000&connectTimeout=2000");
                 Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                while (!bank.stop.get() && seq < TRANSFERS_PER_CLIENT && System.nanoTime() < deadline) {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    int src = 1 + r.nextInt(ACCOUNTS);
                    int dst = 1 + (src + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    long amount = 1 + r.nextInt(20);
                    String id = name + "-" + seq++;
                    boolean committing = false;
                    try {
                        s.executeUpdate("UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + src);
                        s.executeUpdate("UPDATE accounts SET balance = balance + " + amount + " WHERE id = " + dst);
                        s.executeUpdate("INSERT INTO transfers VALUES ('" + id + "', " + src + ", " + dst + ", " + amount + ")");
                        committing = true;
                        c.commit();
                        bank.acked.add(id);
                        bank.ackedByMember.merge(m.name(), 1, Integer::sum);
                    } catch (SQLException e) {
                        bank.errors.merge(e.getErrorCode(), 1, Integer::sum);
                        if (committing && e.getErrorCode() != 3101) {
                            bank.inDoubt.add(id);
                        }
                        rollbackOrThrow(c, e);
                        // e.g. 1290 while a restarted member is on its way back into the group: not a busy loop
                        ReplicationProcessIT.sleep(e.getErrorCode() == 1290 ? 200 : 20);
                    }
                    ReplicationProcessIT.sleep(20);
                }
            } catch (SQLException e) {
                ReplicationProcessIT.sleep(500); // the member is down (or restarting): try again
            }
        }
    }

    private static void rollbackOrThrow(Connection c, SQLException e) throws SQLException {
        if (!c.isValid(2)) {
            throw e;
        }
        c.rollback();
    }
}
