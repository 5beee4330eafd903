package io.jgr.replication;

import static io.jgr.testing.cluster.ReplicationGroup.awaitSameGtids;
import static io.jgr.testing.cluster.ReplicationGroup.exec;
import static io.jgr.testing.cluster.ReplicationGroup.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.MemberProcess;
import io.jgr.testing.cluster.ReplicationGroup;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member whose applier cannot apply what the group committed leaves the group, as MySQL's does with
 * group_replication_exit_state_action=READ_ONLY: ERROR, super_read_only, MySQL's lines in order. The others
 * go on. The trigger is an operator's mistake MySQL's manual warns about: a table dropped on one member
 * with sql_log_bin=0, then written through the group.
 */
class ApplierErrorProcessIT {
    @Test
    void aMemberThatCannotApplyATransactionLeavesTheGroupInError() throws Exception {
        try (Cluster cluster = Cluster.create(3, false)) {
            ReplicationGroup.configure(cluster, "DISABLED", false).startGroup();
            MemberProcess writer = cluster.member(1);
            MemberProcess broken = cluster.member(3);
            exec(writer, "CREATE DATABASE app");
            exec(writer, "CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))");
            exec(writer, "INSERT INTO app.t VALUES (1, 'everywhere')");
            awaitSameGtids(cluster.members());
            try (Connection c = broken.connectRoot(); Statement s = c.createStatement()) {
                s.execute("SET SESSION sql_log_bin = 0");
                s.execute("DROP TABLE app.t");
            }
            exec(writer, "INSERT INTO app.t VALUES (2, 'lost there')");

            await().atMost(Duration.ofSeconds(60)).until(() -> query(broken,
                    "SELECT MEMBER_STATE FROM performance_schema.replication_group_members").equals(List.of("ERROR")));
            assertThat(query(broken, "SELECT @@super_read_only")).containsExactly("1");
            List<String> lines = broken.errorLogLines();
            String gtid = query(writer, "SELECT @@group_replication_group_name").get(0) + ":4";
            assertThat(lines).containsSubsequence(
                    line(lines, "[ERROR] [MY-010584] [Repl] Replica SQL for channel 'group_replication_applier': Worker 1 failed "
                            + "executing transaction '" + gtid + "'; Error executing row event: 'Table 'app.t' doesn't exist', Error_code: MY-001146"),
                    line(lines, "[ERROR] [MY-011451] [Repl] Plugin group_replication reported: 'The applier thread execution was "
                            + "aborted. Unable to process more transactions, this member will now leave the group.'"),
                    line(lines, "[ERROR] [MY-011452] [Repl] Plugin group_replication reported: 'Fatal error during execution on the "
                            + "Applier process of Group Replication. The server will now leave the group.'"),
                    line(lines, "[ERROR] [MY-011712] [Repl] Plugin group_replication reported: 'The server was automatically set "
                            + "into read only mode after an error was detected.'"),
                    line(lines, "[System] [MY-011565] [Repl] Plugin group_replication reported: 'Setting super_read_only=ON.'"));
            assertThat(query(broken, "SELECT @@gtid_executed").get(0)).as("it claims nothing it did not apply").doesNotContain(":1-4");

            // the others go on without it
            await().atMost(Duration.ofSeconds(60)).until(() -> query(writer,
                    "SELECT MEMBER_STATE FROM performance_schema.replication_group_members").equals(List.of("ONLINE", "ONLINE")));
            exec(cluster.member(2), "INSERT INTO app.t VALUES (3, 'after')");
            awaitSameGtids(cluster.members().subList(0, 2));
            assertThat(query(writer, "SELECT COUNT(*) FROM app.t")).containsExactly("3");
        }
    }

    /** The one error-log line that ends with {@code text} (the timestamp and thread id before it vary). */
    private static String line(List<String> lines, String text) {
        List<String> found = lines.stream().filter(l -> l.endsWith(text)).toList();
        assertThat(found).as("error log line ending with: %s", text).hasSize(1);
        return found.get(0);
    }
}
