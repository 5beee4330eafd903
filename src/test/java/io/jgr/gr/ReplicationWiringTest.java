package io.jgr.gr;

import static io.jgr.gr.GroupFormationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The plugin with the replication pipeline wired in (three members in this JVM, TLS off): the
 * bootstrap member is PRIMARY and writable when START returns, the others SECONDARY and
 * super_read_only; writes reach every member with the same @@gtid_executed; the stats table;
 * STOP puts super_read_only back and the next START builds a new pipeline.
 */
class ReplicationWiringTest {

    @Test
    void singlePrimaryGroupReplicatesThroughThePlugin() throws Exception {
        List<GrNode> nodes = new ArrayList<>();
        try {
            String group = UUID.randomUUID().toString();
            for (int i = 1; i <= 3; i++) {
                nodes.add(GrNode.replicating(i));
            }
            for (GrNode node : nodes) {
                node.configure(group, nodes.get(0).localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
            }
            GrNode primary = nodes.get(0);
            assertThat(primary.rows("SELECT * FROM performance_schema.replication_group_member_stats")).isEmpty();
            primary.bootstrap();
            assertThat(primary.rows("SELECT @@super_read_only").get(0).get(0)).isIn(0L, false, 0);
            primary.sql("CREATE DATABASE wiring");
            primary.sql("CREATE TABLE wiring.t (id INT PRIMARY KEY, v VARCHAR(20))");
            primary.sql("INSERT INTO wiring.t VALUES (1, 'before joiners')");
            nodes.get(1).sql("START GROUP_REPLICATION");
            nodes.get(2).sql("START GROUP_REPLICATION");
            for (GrNode node : nodes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> node.onlineCount() == 3);
            }
            primary.sql("INSERT INTO wiring.t VALUES (2, 'after')");
            // @@gtid_executed follows the applier, a moment after the commit returned; every transaction here is the primary's
            String proposed = "SELECT COUNT_TRANSACTIONS_LOCAL_PROPOSED FROM performance_schema.replication_group_member_stats "
                    + "WHERE MEMBER_ID = @@server_uuid";
            await().atMost(Duration.ofSeconds(30)).until(() -> primary.rows("SELECT @@gtid_executed").get(0).get(0).toString()
                    .endsWith("-" + primary.rows(proposed).get(0).get(0)));
            String gtids = (String) primary.rows("SELECT @@gtid_executed").get(0).get(0);
            assertThat(gtids).matches(group + ":1-[3-9]");
            for (GrNode node : nodes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> gtids.equals(node.rows("SELECT @@gtid_executed").get(0).get(0)));
                assertThat(node.rows("SELECT id, v FROM wiring.t ORDER BY id")).extracting(r -> r.get(0) + ":" + r.get(1))
                        .containsExactly("1:before joiners", "2:after");
                assertThat(node.rows("SELECT MEMBER_ID, MEMBER_ROLE FROM performance_schema.replication_group_members"))
                        .allSatisfy(r -> assertThat(r.get(1)).isEqualTo(
                                r.get(0).equals(primary.rows("SELECT @@server_uuid").get(0).get(0)) ? "PRIMARY" : "SECONDARY"));
                // MEMBER_PORT: each member's SQL port, the others' as they announced it
                await().atMost(Duration.ofSeconds(30)).until(() -> node.rows(
                        "SELECT MEMBER_HOST, MEMBER_PORT FROM performance_schema.replication_group_members").stream()
                        .allMatch(r -> r.get(1) != null));
                assertThat(node.rows("SELECT MEMBER_HOST, MEMBER_PORT FROM performance_schema.replication_group_members"))
                        .extracting(r -> r.get(0) + ":" + r.get(1))
                        .containsExactlyInAnyOrder("127.0.0.1:13301", "127.0.0.2:13302", "127.0.0.3:13303");
                assertThat(node.rows("SHOW STATUS LIKE 'group_replication_primary_member'").get(0).get(1))
                        .isEqualTo(primary.rows("SELECT @@server_uuid").get(0).get(0));
                assertThat(node.rows("SELECT COUNT_TRANSACTIONS_CHECKED FROM "
                        + "performance_schema.replication_group_member_stats WHERE MEMBER_ID = @@server_uuid")).hasSize(1);
            }
            assertThat(primary.rows(proposed).get(0).get(0)).isEqualTo(Long.parseLong(gtids.substring(gtids.lastIndexOf('-') + 1)));
            // a row per member everywhere, the others' from the counters they send every flow-control period
            List<Object> uuids = new ArrayList<>();
            for (GrNode node : nodes) {
                uuids.add(node.rows("SELECT @@server_uuid").get(0).get(0));
            }
            String counters = "SELECT COUNT_TRANSACTIONS_REMOTE_APPLIED, COUNT_TRANSACTIONS_LOCAL_PROPOSED, "
                    + "COUNT_TRANSACTIONS_CHECKED, LAST_CONFLICT_FREE_TRANSACTION FROM performance_schema.replication_group_member_stats ";
            for (GrNode node : nodes) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(node.rows(
                        "SELECT MEMBER_ID FROM performance_schema.replication_group_member_stats"))
                        .extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(uuids));
                for (GrNode other : nodes) {
                    Object uuid = other.rows("SELECT @@server_uuid").get(0).get(0);
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            node.rows(counters + "WHERE MEMBER_ID = '" + uuid + "'"))
                            .isEqualTo(other.rows(counters + "WHERE MEMBER_ID = @@server_uuid")));
                }
            }
            assertThat(primary.rows(counters + "WHERE MEMBER_ID = '" + uuids.get(1) + "'").get(0).get(1)).isEqualTo(0L);
            assertThat(nodes.get(1).rows(counters + "WHERE MEMBER_ID = '" + uuids.get(0) + "'").get(0).get(1))
                    .isEqualTo(primary.rows(proposed).get(0).get(0));
            // no member is behind: flow control held nothing (its counters are MySQL's status variables)
            assertThat(primary.rows("SHOW STATUS LIKE 'Gr_flow_control_throttle_%'"))
                    .extracting(r -> r.get(0) + "=" + r.get(1))
                    .containsExactly("Gr_flow_control_throttle_active_count=0", "Gr_flow_control_throttle_count=0",
                            "Gr_flow_control_throttle_time_sum=0");
            assertError(() -> nodes.get(1).sql("INSERT INTO wiring.t VALUES (3, 'secondary')"), 1290);

            nodes.get(2).sql("STOP GROUP_REPLICATION");
            assertError(() -> nodes.get(2).sql("INSERT INTO wiring.t VALUES (3, 'stopped')"), 1290);
            assertThat(nodes.get(2).rows("SELECT * FROM performance_schema.replication_group_member_stats")).isEmpty();
            nodes.get(2).sql("START GROUP_REPLICATION");
            await().atMost(Duration.ofSeconds(30)).until(() -> primary.onlineCount() == 3);
            primary.sql("INSERT INTO wiring.t VALUES (3, 'again')");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    nodes.get(2).rows("SELECT COUNT(*) FROM wiring.t").get(0).get(0).equals(3L));
        } finally {
            nodes.forEach(GrNode::close);
        }
    }
}
