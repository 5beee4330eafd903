package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.gcs.Voters;
import io.jgr.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A member the group expelled while it kept running (a long pause, a partition) is ERROR and read-only,
 * and leaves the group: the others stop listing it, as MySQL's do. STOP and START bring it back.
 */
class ExpelledMemberTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anExpelledMemberIsErrorAndReadOnlyAndLeavesSoTheOthersNoLongerListIt() throws Exception {
        List<GrNode> nodes = new ArrayList<>();
        try (LogCapture log = LogCapture.open()) {
            String group = UUID.randomUUID().toString();
            for (int i = 1; i <= 3; i++) {
                nodes.add(GrNode.replicating(i));
            }
            for (GrNode node : nodes) {
                node.configure(group, nodes.get(0).localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
            }
            nodes.get(0).bootstrap();
            nodes.get(1).sql("START GROUP_REPLICATION");
            nodes.get(2).sql("START GROUP_REPLICATION");
            for (GrNode node : nodes) {
                await().atMost(WAIT).until(() -> node.onlineCount() == 3);
            }
            GrNode expelled = nodes.get(2);
            expelled.sql("SET GLOBAL group_replication_autorejoin_tries = 0"); // AutoRejoinTest has the procedure

            Voters.remove(nodes.get(0).plugin.group().orElseThrow(), expelled.plugin.group().orElseThrow());
            await().atMost(WAIT).untilAsserted(() -> assertThat(expelled.states()).containsExactly("ERROR"));
            assertThat(expelled.rows("SELECT @@super_read_only").get(0).get(0)).isIn(1L, true, 1);
            for (GrNode other : nodes.subList(0, 2)) {
                // before, it stayed in the view as a learner and the others listed it RECOVERING for good
                await().atMost(WAIT).untilAsserted(() -> assertThat(other.states()).containsExactly("ONLINE", "ONLINE"));
            }
            assertThat(log.linesContaining("Member was expelled from the group due to network failures, "
                    + "changing member status to ERROR.")).hasSize(1);
            assertThat(log.linesContaining("auto-rejoin")).isEmpty();

            expelled.sql("STOP GROUP_REPLICATION");
            assertThat(expelled.states()).containsExactly("OFFLINE");
            expelled.sql("START GROUP_REPLICATION");
            for (GrNode node : nodes) {
                await().atMost(WAIT).until(() -> node.onlineCount() == 3);
            }
        } finally {
            nodes.forEach(GrNode::close);
        }
    }
}
