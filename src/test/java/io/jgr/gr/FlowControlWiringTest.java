package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.replication.Replicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * QUOTA flow control through the plugin (two members in this JVM): while the secondary's applier is held, its
 * reported queue passes the primary's applier threshold, the primary's commits past the period's quota wait
 * (counted in MySQL's status variables); released, the secondary applies everything.
 */
class FlowControlWiringTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void thePrimaryIsHeldToTheQuotaWhileASecondaryFallsBehind() throws Exception {
        List<GrNode> nodes = new ArrayList<>();
        try {
            String group = UUID.randomUUID().toString();
            for (int i = 1; i <= 2; i++) {
                nodes.add(GrNode.replicating(i));
            }
            for (GrNode node : nodes) {
                node.configure(group, nodes.get(0).localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
            }
            GrNode primary = nodes.get(0);
            GrNode secondary = nodes.get(1);
            primary.bootstrap();
            secondary.sql("START GROUP_REPLICATION");
            await().atMost(WAIT).until(() -> primary.onlineCount() == 2 && secondary.onlineCount() == 2);
            primary.sql("CREATE DATABASE fc");
            primary.sql("CREATE TABLE fc.t (id INT PRIMARY KEY)");
            primary.sql("SET GLOBAL group_replication_flow_control_applier_threshold = 5");
            primary.sql("SET GLOBAL group_replication_flow_control_max_quota = 10");

            Replicator behind = secondary.plugin.replicator().orElseThrow();
            behind.holdForRecovery(); // its applier stops: what the group delivers queues up there
            int rows = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (throttled(primary) == 0 && rows < 5000 && System.nanoTime() < deadline) {
                primary.sql("INSERT INTO fc.t VALUES (" + ++rows + ")");
            }
            assertThat(throttled(primary)).as("commits held after " + rows + " rows").isPositive();
            assertThat(primary.rows("SHOW STATUS LIKE 'Gr_flow_control_throttle_time_sum'").get(0).get(1).toString())
                    .isNotEqualTo("0");

            behind.releaseAfterRecovery(0);
            long written = rows;
            await().atMost(WAIT).until(() -> secondary.rows("SELECT COUNT(*) FROM fc.t").get(0).get(0).equals(written));
        } finally {
            nodes.forEach(GrNode::close);
        }
    }

    private static long throttled(GrNode primary) throws Exception {
        return Long.parseLong(primary.rows("SHOW STATUS LIKE 'Gr_flow_control_throttle_count'").get(0).get(1).toString());
    }
}
