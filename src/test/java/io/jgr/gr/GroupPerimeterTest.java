package io.jgr.gr;

import io.jgr.gcs.GroupPki;
import static io.jgr.gr.GroupFormationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.sql.engine.Warning;
import io.jgr.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The seed's perimeter rules through SQL: allowlist refusal and live change, the whitelist procedure, TLS refusals. */
class GroupPerimeterTest {
    static final String DEPRECATION = "'group_replication_ip_whitelist' is deprecated and will be removed in a future "
            + "release. Please use group_replication_ip_allowlist instead";

    @Test
    void memberNotInTheAllowlistIsRefusedUntilTheListAdmitsIt() throws Exception {
        List<GrNode> nodes = new ArrayList<>();
        try (LogCapture log = LogCapture.open()) {
            String group = UUID.randomUUID().toString();
            for (int i = 1; i <= 4; i++) {
                nodes.add(new GrNode(i));
            }
            String seeds = nodes.get(0).localAddress() + "," + nodes.get(1).localAddress();
            for (GrNode node : nodes) {
                node.configure(group, seeds, GroupFormationTest.ALLOWLIST, "DISABLED");
            }
            nodes.get(0).bootstrap();
            nodes.get(1).sql("START GROUP_REPLICATION");
            nodes.get(2).sql("START GROUP_REPLICATION");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(0).onlineCount() == 3);

            GrNode fourth = nodes.get(3);
            assertError(() -> fourth.sql("START GROUP_REPLICATION"), 3092);
            assertThat(fourth.states()).containsExactly("OFFLINE");
            assertThat(log.linesContaining("[GCS] Connection attempt from IP address ::ffff:127.0.0.4 refused. "
                    + "Address is not in the IP allowlist.")).isNotEmpty();
            assertThat(log.linesContaining("[GCS] Error connecting to all peers. Member join failed.")).isNotEmpty();
            List<List<Object>> refused = nodes.get(0).rows("SELECT SOURCE_ADDRESS, REFUSALS, LAST_REASON FROM "
                    + "performance_schema.jgr_allowlist_refusals WHERE SOURCE_ADDRESS = '127.0.0.4'");
            assertThat(refused).hasSize(1);
            assertThat((Long) refused.get(0).get(1)).isPositive();
            long before = (Long) refused.get(0).get(1);
            assertThat(status(nodes.get(0), "Jgr_allowlist_refused_connections")).isEqualTo(Long.toString(before));
            assertThat(nodes.get(0).onlineCount()).isEqualTo(3);

            // a live change on the running members admits it (decision 2); an invalid one changes nothing
            assertError(() -> nodes.get(0).sql("SET GLOBAL group_replication_ip_allowlist = '127.0.0.1,127.0.0.400'"), 3092);
            for (GrNode node : nodes.subList(0, 3)) {
                node.sql("SET GLOBAL group_replication_ip_allowlist = '" + GroupFormationTest.ALLOWLIST + ",127.0.0.4'");
            }
            fourth.sql("START GROUP_REPLICATION");
            for (GrNode node : nodes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> node.onlineCount() == 4);
            }

            // the seed's procedure on a running member: STOP, SET the old name, START (warning 1287 both times)
            GrNode second = nodes.get(1);
            second.sql("STOP GROUP_REPLICATION");
            second.sql("SET GLOBAL group_replication_ip_allowlist = 'AUTOMATIC'");
            second.sql("SET GLOBAL group_replication_ip_whitelist = \"127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4\"");
            assertThat(second.root.warnings()).extracting(Warning::code, Warning::message)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1287, DEPRECATION));
            second.sql("START GROUP_REPLICATION");
            assertThat(second.root.warnings()).extracting(Warning::code, Warning::message)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1287, DEPRECATION));
            assertThat(log.linesContaining("group_replication_ip_allowlist: '127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4'"))
                    .isNotEmpty();
            for (GrNode node : nodes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> node.onlineCount() == 4);
            }
        } finally {
            nodes.forEach(GrNode::close);
        }
    }

    @Test
    void tlsRefusalsLeaveTheGroupUnchanged() throws Exception {
        List<GrNode> nodes = new ArrayList<>();
        try (LogCapture log = LogCapture.open()) {
            String group = UUID.randomUUID().toString();
            String allowlist = "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4";
            for (int i = 1; i <= 3; i++) {
                nodes.add(new GrNode(i));
            }
            String seeds = nodes.get(0).localAddress();
            for (GrNode node : nodes.subList(0, 2)) {
                node.ssl(GroupPki.INSTANCE.sslOptions("member" + node.n));
                node.configure(group, seeds, allowlist, "VERIFY_IDENTITY");
            }
            nodes.get(0).bootstrap();
            nodes.get(1).sql("START GROUP_REPLICATION");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(0).onlineCount() == 2);

            // ssl_mode mismatch: a DISABLED joiner against a TLS group
            GrNode third = nodes.get(2);
            third.ssl(GroupPki.INSTANCE.sslOptions("member3"));
            third.configure(group, seeds, allowlist, "DISABLED");
            assertError(() -> third.sql("START GROUP_REPLICATION"), 3092);
            assertThat(log.linesContaining("TLS handshake with the connection from IP address 127.0.0.3 failed")).isNotEmpty();
            // and a REQUIRED joiner with a valid certificate is fine (modes differ only in what the dialler checks)
            third.sql("SET GLOBAL group_replication_ssl_mode = 'REQUIRED'");
            third.sql("START GROUP_REPLICATION");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(0).onlineCount() == 3);
            third.sql("STOP GROUP_REPLICATION");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes.get(0).onlineCount() == 2);

            refused(nodes, "foreign4", "VERIFY_CA", log, "does not chain with any of the trust anchors");
            refused(nodes, "revoked4", "VERIFY_CA", log, "revoked");
            // an impostor on 127.0.0.4 presenting member 1's valid certificate
            refused(nodes, "member1", "VERIFY_IDENTITY", log, "does not name the source address");
        } finally {
            nodes.forEach(GrNode::close);
        }
    }

    private static void refused(List<GrNode> nodes, String certificate, String mode, LogCapture log, String reason)
            throws Exception {
        try (GrNode joiner = new GrNode(4)) {
            joiner.ssl(GroupPki.INSTANCE.sslOptions(certificate));
            joiner.configure((String) nodes.get(0).rows("SELECT @@group_replication_group_name").get(0).get(0),
                    nodes.get(0).localAddress(), "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4", mode);
            assertError(() -> joiner.sql("START GROUP_REPLICATION"), 3092);
            assertThat(joiner.states()).containsExactly("OFFLINE");
        }
        assertThat(log.linesContaining(reason)).as("log says why (" + reason + ")").isNotEmpty();
        assertThat(nodes.get(0).onlineCount()).isEqualTo(2);
        assertThat(nodes.get(0).states()).hasSize(2);
    }

    static String status(GrNode node, String name) throws Exception {
        return (String) node.rows("SHOW STATUS LIKE '" + name + "'").get(0).get(1);
    }
}
