package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A group stopped entirely and bootstrapped again (after a maintenance, a power cut: the group's log is new,
 * the members' data and transaction logs are not) goes on numbering its GTIDs after what its bootstrapper
 * holds, and every member joins it again. Before session 26 the certifier counted from 1 again: the first
 * writes after the bootstrap got GTIDs the members already held, were taken for applied, and their sessions
 * waited a minute at COMMIT for an outcome that never came (3100).
 */
class GroupBootstrappedAgainTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aGroupBootstrappedAgainContinuesItsGtidsAndItsMembersJoinIt() throws Exception {
        try (GrNode a = GrNode.replicating(1); GrNode b = GrNode.replicating(2)) {
            String group = UUID.randomUUID().toString();
            for (GrNode n : List.of(a, b)) {
                n.configure(group, a.localAddress(), GroupFormationTest.ALLOWLIST, "DISABLED");
            }
            a.bootstrap();
            b.sql("START GROUP_REPLICATION");
            await().atMost(WAIT).until(() -> a.onlineCount() == 2 && b.onlineCount() == 2);
            a.sql("CREATE DATABASE app");
            a.sql("CREATE TABLE app.t (id INT PRIMARY KEY)");
            a.sql("INSERT INTO app.t VALUES (1)");
            await().atMost(WAIT).until(() -> executed(b).equals(group + ":1-3"));

            b.sql("STOP GROUP_REPLICATION");
            a.sql("STOP GROUP_REPLICATION");
            a.bootstrap(); // a new group log; the data and the transaction logs are the members' own
            await().atMost(WAIT).until(() -> a.rows("SELECT @@super_read_only").get(0).get(0).equals(0L)
                    || a.rows("SELECT @@super_read_only").get(0).get(0).equals(false));
            a.sql("INSERT INTO app.t VALUES (2)");
            assertThat(executed(a)).isEqualTo(group + ":1-4");

            b.sql("START GROUP_REPLICATION");
            await().atMost(WAIT).until(() -> a.onlineCount() == 2 && b.onlineCount() == 2);
            a.sql("INSERT INTO app.t VALUES (3)");
            await().atMost(WAIT).until(() -> executed(b).equals(group + ":1-5"));
            assertThat(b.rows("SELECT id FROM app.t ORDER BY id")).containsExactly(List.of(1L), List.of(2L), List.of(3L));
        }
    }

    private static String executed(GrNode n) throws Exception {
        return String.valueOf(n.rows("SELECT @@gtid_executed").get(0).get(0));
    }
}
