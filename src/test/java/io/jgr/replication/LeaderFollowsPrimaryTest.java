package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

    /**
     * group_replication_set_as_primary while two clients write on the old primary, which leads the log: the new
     * primary takes the lead, so the old leader steps down with commits in flight. What a client saw acknowledged
     * is on every member; the refusals are the old primary's 1290 once read-only, or an in-doubt 3100.
     */
    @Test
    void aSwitchUnderLoadLosesNothingAcknowledged() throws Exception {
        g = new ReplicationGroup(dir, 3, true);
        ReplicationGroup.Node one = g.node(1);
        ReplicationGroup.Node two = g.node(2);
        Session s = one.session();
        s.execute("CREATE DATABASE app");
        s.execute("CREATE TABLE app.t (id BIGINT PRIMARY KEY)");
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> refusals = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                try {
                    Session c = one.session();
                    while (!stop.get() && System.nanoTime() < deadline) {
                        long id = ids.incrementAndGet();
                        try {
                            c.execute("INSERT INTO app.t VALUES (" + id + ")");
                            acked.add(id);
                        } catch (SQLException e) {
                            refusals.merge(e.getErrorCode(), 1, Integer::sum);
                            c.execute("ROLLBACK");
                            Thread.sleep(5);
                        }
                    }
                } catch (SQLException | InterruptedException e) {
                    refusals.merge(-1, 1, Integer::sum);
                }
            }, "writer-" + w);
            t.start();
            writers.add(t);
        }
        await().atMost(ReplicationGroup.WAIT).until(() -> acked.size() >= 200);

        assertThat(one.replicator.appointPrimary(two.uuid, ReplicationGroup.WAIT)).isTrue();
        await().atMost(ReplicationGroup.WAIT).until(() -> two.writable() && two.group.isLeader());
        long atSwitch = acked.size();
        await().atMost(ReplicationGroup.WAIT).until(() -> refusals.getOrDefault(1290, 0) >= 20); // read-only now
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }

        assertThat(refusals.keySet()).as("refusals by code: %s", refusals).isSubsetOf(1290, 3100);
        g.awaitConverged(g.nodes);
        for (ReplicationGroup.Node n : g.nodes) {
            Set<Long> present = new java.util.HashSet<>();
            for (List<Object> row : ReplicationGroup.rows(n.session(), "SELECT id FROM app.t")) {
                present.add(((Number) row.get(0)).longValue());
            }
            assertThat(present).as("member %d", n.number).containsAll(acked);
        }
        assertThat(atSwitch).isGreaterThanOrEqualTo(200);
    }

    /**
     * A vote that elects another member while the primary stays primary (here member 2 runs one that prefers itself,
     * as a vote on a view change may elect a member whose log is ahead): the primary asks for the lead again at its
     * next retry (LeadRetry), while two clients write on it. Its commits wait at the gate (CommitGate) while the vote
     * runs, so none fails: every commit is acknowledged, and every acknowledged row is on every member.
     */
    @Test
    void aPrimaryThatLostTheLeadAsksForItAgain() throws Exception {
        g = new ReplicationGroup(dir, 3, true);
        ReplicationGroup.Node one = g.node(1);
        ReplicationGroup.Node two = g.node(2);
        Session s = one.session();
        s.execute("CREATE DATABASE app");
        s.execute("CREATE TABLE app.t (id BIGINT PRIMARY KEY)");
        assertThat(one.group.isLeader()).isTrue();

        two.group.preferLeader(() -> two.uuid);
        assertThat(two.group.lead(ReplicationGroup.WAIT)).isTrue();
        assertThat(one.group.isLeader()).isFalse();
        assertThat(one.writable()).as("still the primary").isTrue();

        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> refusals = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                try {
                    Session c = one.session();
                    while (!stop.get() && System.nanoTime() < deadline) {
                        long id = ids.incrementAndGet();
                        try {
                            c.execute("INSERT INTO app.t VALUES (" + id + ")"); // through the leader, then as the leader
                            acked.add(id);
                        } catch (SQLException e) {
                            refusals.merge(e.getErrorCode(), 1, Integer::sum);
                            c.execute("ROLLBACK");
                        }
                    }
                } catch (SQLException e) {
                    refusals.merge(-1, 1, Integer::sum);
                }
            }, "writer-" + w);
            t.start();
            writers.add(t);
        }
        await().atMost(ReplicationGroup.WAIT).until(one.group::isLeader);
        long atLead = acked.size();
        await().atMost(ReplicationGroup.WAIT).until(() -> acked.size() >= atLead + 100);
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }

        assertThat(refusals).as("refusals by code").isEmpty();
        assertThat(two.group.isLeader()).isFalse();
        g.awaitConverged(g.nodes);
        for (ReplicationGroup.Node n : g.nodes) {
            assertThat(ReplicationGroup.scalar(n.session(), "SELECT COUNT(*) FROM app.t")).as("member %d", n.number)
                    .isEqualTo((long) acked.size());
        }
    }
}
