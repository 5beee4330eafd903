package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.gcs.Group;
import io.jgr.sql.engine.Result;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * group_replication_consistency on a member that is not ONLINE (two members in this JVM; the joiner's distributed
 * recovery is a future the test completes): as MySQL's, BEFORE, AFTER and BEFORE_AND_AFTER fail with 3796 while it
 * is RECOVERING, EVENTUAL and BEFORE_ON_PRIMARY_FAILOVER go on, and once it is ONLINE every level works.
 */
class ConsistencyWhileRecoveringTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<GrNode> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(GrNode::close);
    }

    @Test
    void levelsThatWaitForOtherMembersAreRefusedWhileRecovering() throws Exception {
        CompletableFuture<Void> recovery = new CompletableFuture<>();
        GrNode seed = GrNode.replicating(1);
        nodes.add(seed);
        GrNode joiner = new GrNode(2, Hooks.defaults().withTuning(GrNode.FAST).withReplication(GrNode.REPLICATE)
                .withRecovery(new Hooks.Recovery() {
                    @Override
                    public CompletableFuture<Void> recover(Group g, Optional<RecoveryCredentials> credentials) {
                        return recovery;
                    }
                }));
        nodes.add(joiner);
        String group = UUID.randomUUID().toString();
        for (GrNode node : nodes) {
            node.configure(group, seed.localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
        }
        joiner.sql("CREATE DATABASE d");
        joiner.sql("CREATE TABLE d.t (id INT PRIMARY KEY)");
        seed.bootstrap();
        joiner.sql("START GROUP_REPLICATION");
        await().atMost(WAIT).untilAsserted(() -> assertThat(joiner.rows(
                "SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_PORT = 13302"))
                .containsExactly(List.of("RECOVERING")));

        for (String level : List.of("BEFORE", "AFTER", "BEFORE_AND_AFTER")) {
            joiner.sql("SET SESSION group_replication_consistency = '" + level + "'");
            assertThatThrownBy(() -> joiner.sql("SELECT COUNT(*) FROM d.t")).as(level)
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(3796);
                        assertThat(e.getSQLState()).isEqualTo("HY000");
                        assertThat(e.getMessage())
                                .isEqualTo("The option group_replication_consistency cannot be used on the current member state.");
                    });
            assertThat(selectOne(joiner)).as("%s: a SELECT without tables is no transaction", level).isEqualTo(1L);
        }
        for (String level : List.of("EVENTUAL", "BEFORE_ON_PRIMARY_FAILOVER")) {
            joiner.sql("SET SESSION group_replication_consistency = '" + level + "'");
            assertThat(((Result.Rows) joiner.sql("SELECT COUNT(*) FROM d.t")).rows()).as(level).hasSize(1);
        }

        recovery.complete(null);
        await().atMost(WAIT).until(() -> joiner.onlineCount() == 2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(joiner.rows(
                "SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_PORT = 13302"))
                .containsExactly(List.of("ONLINE")));
        for (String level : List.of("BEFORE", "AFTER", "BEFORE_AND_AFTER")) {
            joiner.sql("SET SESSION group_replication_consistency = '" + level + "'");
            assertThat(((Result.Rows) joiner.sql("SELECT COUNT(*) FROM d.t")).rows()).as(level).hasSize(1);
        }
    }

    private static Object selectOne(GrNode node) throws SQLException {
        return ((Number) ((Result.Rows) node.sql("SELECT 1")).rows().get(0)[0]).longValue();
    }
}
