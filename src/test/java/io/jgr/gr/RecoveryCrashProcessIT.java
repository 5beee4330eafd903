package io.jgr.gr;

import static io.jgr.gr.DistributedRecoveryProcessIT.RPL_PASSWORD;
import static io.jgr.gr.DistributedRecoveryProcessIT.WAIT;
import static io.jgr.gr.DistributedRecoveryProcessIT.awaitSame;
import static io.jgr.gr.DistributedRecoveryProcessIT.awaitState;
import static io.jgr.gr.DistributedRecoveryProcessIT.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A joiner killed with {@code kill -9} in the middle of distributed recovery keeps what it had applied
 * (the recovery applier commits batches of transactions atomically with their transaction-log rows and
 * gtid_executed), and on restart with start on boot resumes from there: it fetches only the rest and ends
 * identical to the donor.
 */
class RecoveryCrashProcessIT {
    private static final int TRANSACTIONS = 3_000;
    private static final int ROWS_PER_TRANSACTION = 20;
    private static final Pattern LAST_GTID = Pattern.compile(":(?:\\d+-)?(\\d+)$");
    private static final Pattern FINISHED = Pattern.compile("Distributed recovery finished: (\\d+) transactions");

    @Test
    void aJoinerKilledDuringRecoveryResumesWhereItsCommittedBatchesEnd() throws Exception {
        String group = UUID.randomUUID().toString();
        try (Cluster cluster = Cluster.create(2)) {
            DistributedRecoveryProcessIT.startMembers(cluster, group, (i, m) -> { });
            MemberProcess donor = cluster.member(1);
            MemberProcess joiner = cluster.member(2);
            exec(donor, "START GROUP_REPLICATION", "SET GLOBAL group_replication_bootstrap_group = OFF",
                    "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(60))",
                    "CREATE USER rpl@'%' IDENTIFIED BY '" + RPL_PASSWORD + "'", "GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
            loadTransactions(donor);
            long total = lastGtid(single(donor, "SELECT @@gtid_executed"));

            exec(joiner, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='" + RPL_PASSWORD
                    + "' FOR CHANNEL 'group_replication_recovery'", "START GROUP_REPLICATION");
            long applied = awaitPartlyApplied(joiner, total);
            joiner.kill9();

            joiner.option("group_replication_start_on_boot", "ON");
            joiner.start();
            awaitState(joiner, "ONLINE");
            awaitSame(donor, joiner);
            List<Long> finished = new ArrayList<>();
            for (String line : joiner.errorLogLines()) {
                Matcher m = FINISHED.matcher(line);
                if (m.find()) {
                    finished.add(Long.parseLong(m.group(1)));
                }
            }
            assertThat(finished).as("recoveries that finished: only the one after the restart").hasSize(1);
            assertThat(finished.get(0)).as("the restarted joiner fetched only what its committed batches lacked")
                    .isLessThanOrEqualTo(total - applied + 2); // + the group's own entries since (membership)
            assertThat(single(joiner, "SELECT COUNT(*) FROM app.t"))
                    .isEqualTo(String.valueOf(TRANSACTIONS * ROWS_PER_TRANSACTION));
        }
    }

    /** {@value #TRANSACTIONS} autocommit INSERTs of {@value #ROWS_PER_TRANSACTION} rows: a gap of many batches. */
    private static void loadTransactions(MemberProcess m) throws SQLException {
        try (Connection c = m.connectRoot(); Statement s = c.createStatement()) {
            int id = 0;
            for (int t = 0; t < TRANSACTIONS; t++) {
                StringBuilder sql = new StringBuilder("INSERT INTO app.t VALUES ");
                for (int r = 0; r < ROWS_PER_TRANSACTION; r++) {
                    id++;
                    sql.append(r == 0 ? "" : ",").append('(').append(id).append(", 'row-").append(id).append("')");
                }
                s.execute(sql.toString());
            }
        }
    }

    /**
     * Polls the joiner's gtid_executed (it moves per committed recovery batch) until it holds part of the
     * gap, and returns the last GTID number it held then. Bounded by {@link DistributedRecoveryProcessIT#WAIT}.
     */
    private static long awaitPartlyApplied(MemberProcess joiner, long total) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection c = joiner.connectRoot(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                long n = 0;
                try (ResultSet rs = s.executeQuery("SELECT @@gtid_executed")) {
                    if (rs.next()) {
                        n = lastGtid(rs.getString(1));
                    }
                }
                if (n >= 100 && n < total - 500) {
                    return n;
                }
                assertThat(n).as("the joiner finished recovery before it could be killed in the middle").isLessThan(total - 500);
                Thread.sleep(5);
            }
        }
        throw new AssertionError("the joiner applied no recovery batch within " + WAIT);
    }

    private static long lastGtid(String gtidExecuted) {
        Matcher m = LAST_GTID.matcher(gtidExecuted == null ? "" : gtidExecuted.trim());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String single(MemberProcess m, String sql) throws SQLException {
        List<String> rows = DistributedRecoveryProcessIT.query(m, sql);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
