package io.jgr.gr;

import io.jgr.gcs.GroupPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.testing.LogCapture;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Three plugin instances in this JVM form a group through SQL, in each group_replication_ssl_mode. */
class GroupFormationTest {
    static final String ALLOWLIST = "127.0.0.1,127.0.0.2,127.0.0.3";

    @ParameterizedTest
    @ValueSource(strings = {"DISABLED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"})
    void threeMembersFormAGroup(String mode) throws Exception {
        List<GrNode> nodes = new ArrayList<>();
        try (LogCapture log = LogCapture.open()) {
            String group = UUID.randomUUID().toString();
            for (int i = 1; i <= 3; i++) {
                nodes.add(new GrNode(i));
            }
            String seeds = nodes.get(0).localAddress();
            for (GrNode node : nodes) {
                node.ssl(GroupPki.INSTANCE.sslOptions("member" + node.n));
                node.configure(group, seeds, ALLOWLIST, mode);
            }
            assertThat(nodes.get(0).states()).containsExactly("OFFLINE");
            nodes.get(0).bootstrap();
            nodes.get(1).sql("START GROUP_REPLICATION");
            nodes.get(2).sql("START GROUP_REPLICATION");
            for (GrNode node : nodes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> node.onlineCount() == 3);
                assertThat(node.rows("SELECT MEMBER_HOST, MEMBER_COMMUNICATION_STACK, CHANNEL_NAME FROM "
                        + "performance_schema.replication_group_members ORDER BY MEMBER_HOST"))
                        .extracting(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(2))
                        .containsExactly("127.0.0.1/XCom/group_replication_applier",
                                "127.0.0.2/XCom/group_replication_applier", "127.0.0.3/XCom/group_replication_applier");
            }
            assertThat(log.linesContaining("Group communication SSL configuration: group_replication_ssl_mode: \"" + mode + "\""))
                    .hasSize(3);
            assertThat(log.linesContaining("Initialized group communication with configuration: group_replication_group_name: '"
                    + group + "'")).hasSize(3)
                    .allSatisfy(l -> assertThat(l).contains("group_replication_ip_allowlist: '" + ALLOWLIST + "'"));
            assertThat(nodes.get(1).rows("SELECT COUNT(*) FROM performance_schema.replication_group_members "
                    + "WHERE MEMBER_STATE = 'ONLINE' AND MEMBER_ID <> @@server_uuid").get(0).get(0)).isEqualTo(2L);

            nodes.get(2).sql("STOP GROUP_REPLICATION");
            assertThat(nodes.get(2).states()).containsExactly("OFFLINE");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(0).onlineCount() == 2);
        } finally {
            nodes.forEach(GrNode::close);
        }
    }

    static void assertError(ThrowingRunnable r, int code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code));
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
