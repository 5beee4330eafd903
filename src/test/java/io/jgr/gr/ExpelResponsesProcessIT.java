package io.jgr.gr;

import static io.jgr.gr.DistributedRecoveryProcessIT.RPL_PASSWORD;
import static io.jgr.gr.DistributedRecoveryProcessIT.assertNowhere;
import static io.jgr.gr.DistributedRecoveryProcessIT.awaitSame;
import static io.jgr.gr.DistributedRecoveryProcessIT.awaitState;
import static io.jgr.gr.DistributedRecoveryProcessIT.exec;
import static io.jgr.gr.DistributedRecoveryProcessIT.query;
import static io.jgr.gr.DistributedRecoveryProcessIT.startMembers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A member expelled while it kept running, with real member processes: a secondary frozen (SIGSTOP: a long GC
 * or VM pause) past the expel timeout while the primary writes is expelled; resumed, it learns that, goes
 * ERROR, joins again on its own (group_replication_autorejoin_tries, MySQL's default 3), recovers the rows it
 * missed from a donor with the stored credentials, and ends ONLINE with the primary's data. Frozen again with
 * no tries and group_replication_exit_state_action=ABORT_SERVER, it shuts itself down once resumed.
 */
class ExpelResponsesProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aFrozenSecondaryRejoinsOnResumingThenWithAbortServerShutsDown() throws Exception {
        String group = UUID.randomUUID().toString();
        try (Cluster cluster = Cluster.create(3)) {
            try {
                run(cluster, group);
            } finally {
                for (MemberProcess m : cluster.members()) { // the datadirs go with the cluster: keep the logs
                    java.nio.file.Files.write(java.nio.file.Path.of("target", "expel-responses-it-" + m.name() + "-error.log"),
                            m.errorLogLines());
                }
            }
        }
    }

    private static void run(Cluster cluster, String group) throws Exception {
        {
            startMembers(cluster, group, (i, m) -> m.option("group_replication_single_primary_mode", "ON"));
            MemberProcess primary = cluster.member(1);
            MemberProcess m2 = cluster.member(2);
            MemberProcess frozen = cluster.member(3);
            exec(primary, "START GROUP_REPLICATION", "SET GLOBAL group_replication_bootstrap_group = OFF",
                    "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(60))",
                    "CREATE USER rpl@'%' IDENTIFIED BY '" + RPL_PASSWORD + "'", "GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
            for (MemberProcess m : List.of(m2, frozen)) {
                exec(m, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='" + RPL_PASSWORD
                        + "' FOR CHANNEL 'group_replication_recovery'", "START GROUP_REPLICATION");
                awaitState(m, "ONLINE");
            }
            write(primary, 1, 100);
            awaitSame(primary, frozen);

            freezeUntilExpelled(frozen, primary, () -> write(primary, 101, 300)); // what the frozen member misses

            await().atMost(WAIT).until(() -> frozen.errorLogLines().stream().anyMatch(l -> l.contains(
                    "Auto-rejoin procedure attempt 1 of 3 finished. Member was able to join the group.")));
            awaitState(frozen, "ONLINE");
            awaitSame(primary, frozen);
            assertThat(query(frozen, "SELECT COUNT(*) FROM app.t")).containsExactly("300");
            await().atMost(WAIT).until(() -> query(primary, "SELECT COUNT(*) FROM performance_schema.replication_group_members "
                    + "WHERE MEMBER_STATE = 'ONLINE'").equals(List.of("3")));

            List<String> lines = frozen.errorLogLines();
            int expelled = indexOf(lines, "Member was expelled from the group due to network failures, changing member status to ERROR.");
            int started = indexOf(lines, "Started auto-rejoin procedure attempt 1 of 3");
            int recovered = indexOf(lines.subList(Math.max(started, 0), lines.size()), "Distributed recovery finished");
            assertThat(expelled).as("expel line").isNotNegative();
            assertThat(started).as("auto-rejoin after the expel").isGreaterThan(expelled);
            assertThat(recovered).as("recovery after the rejoin").isNotNegative();
            assertNowhere(frozen.dir(), RPL_PASSWORD);

            exec(frozen, "SET GLOBAL group_replication_autorejoin_tries = 0",
                    "SET GLOBAL group_replication_exit_state_action = ABORT_SERVER");
            freezeUntilExpelled(frozen, primary, () -> write(primary, 301, 310));
            assertThat(frozen.awaitExit(WAIT)).as("the member shut itself down").isTrue();
            assertThat(frozen.errorLogLines()).anyMatch(l -> l.contains("The plugin encountered a critical error and will abort: "
                    + "Member was expelled from the group due to network failures.")).anyMatch(l -> l.contains("Shutdown complete"));
            write(primary, 311, 320); // the two go on
            awaitSame(primary, m2);
            assertThat(query(m2, "SELECT COUNT(*) FROM app.t")).containsExactly("320");
        }
    }

    /** SIGSTOP until the primary no longer lists {@code member}, running {@code meanwhile}; then SIGCONT. */
    private static void freezeUntilExpelled(MemberProcess member, MemberProcess primary, Writes meanwhile) throws Exception {
        signal("STOP", member);
        try {
            await().atMost(WAIT).until(() -> query(primary, "SELECT COUNT(*) FROM performance_schema.replication_group_members")
                    .equals(List.of("2")));
            meanwhile.run();
        } finally {
            signal("CONT", member);
        }
    }

    private interface Writes {
        void run() throws Exception;
    }

    private static void write(MemberProcess primary, int from, int to) throws Exception {
        try (Connection c = primary.connectRoot(); Statement s = c.createStatement()) {
            for (int i = from; i <= to; i++) {
                try {
                    insert(s, i);
                } catch (SQLException e) {
                    throw new AssertionError("row " + i + " never committed; the primary's log:\n" + primary.errorLogTail(60), e);
                }
            }
        }
    }

    /**
     * One row, again after 3100 (the group could not order it now: the frozen member may be the Raft leader,
     * after an earlier merge moved leadership) or 3101 (a retry met the first try's row, delivered late); a
     * duplicate key on a retry means the first try committed. The final count checks that each row is there once.
     */
    private static void insert(Statement s, int i) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                s.execute("INSERT INTO app.t VALUES (" + i + ", 'row-" + i + "')");
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() == 1062 && attempt > 1) {
                    return;
                }
                if ((e.getErrorCode() != 3100 && e.getErrorCode() != 3101) || attempt >= 120) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static void signal(String name, MemberProcess m) throws Exception {
        // the shell's builtin: a minimal Debian has no /bin/kill without procps
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + m.pid()).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
