package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a failover the new primary leads the group's Raft log, as MySQL's primary is the consensus leader
 * ({@code group_replication_paxos_single_leader}). Weights 50/50/90: member 1 bootstraps (primary and leader); when
 * it leaves, the vote on the view change elects member 2 (equal logs, first in the view), and the group elects
 * member 3, the heaviest, primary, which takes the lead before its first write.
 */
class LeaderFollowsPrimaryTest {
    @TempDir
    Path dir;
    private ReplicationGroup g;

    @AfterEach
    void close() {
        if (g != null) {
            g.close();
        }
    }

    @Test
    void theNewPrimaryLeadsTheLogOnceItIsWritable() throws Exception {
        g = new ReplicationGroup(dir, 3, true, 50, 50, 90);
        ReplicationGroup.Node one = g.node(1);
        ReplicationGroup.Node two = g.node(2);
        ReplicationGroup.Node three = g.node(3);
        assertThat(one.group.isLeader()).isTrue();
        Session s = one.session();
        s.execute("CREATE DATABASE app");
        s.execute("CREATE TABLE app.t (id INT PRIMARY KEY)");
        g.awaitConverged(g.nodes);

        one.leave();

        await().atMost(ReplicationGroup.WAIT).until(three::writable);
        assertThat(three.group.isLeader()).as("writable only once it leads").isTrue();
        assertThat(two.group.isLeader()).isFalse();
        Session w = three.session();
        for (int i = 1; i <= 20; i++) {
            w.execute("INSERT INTO app.t VALUES (" + i + ")");
        }
        g.awaitConverged(List.of(two, three));
        assertThat(ReplicationGroup.scalar(two.session(), "SELECT COUNT(*) FROM app.t")).isEqualTo(20L);
    }
}
