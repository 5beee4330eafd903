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
     * is on every member; the refusals are the old primary's 1290 once read-only, or an in-doubt 3100; and no row
     * is there that a client saw refused with 1290, or that no client was answered for.
     */
    @Test
    void aSwitchUnderLoadLosesNothingAcknowledged() throws Exception {
        groupWithATable();
        ReplicationGroup.Node one = g.node(1);
        ReplicationGroup.Node two = g.node(2);
        Writers writers = new Writers(one, 2);
        await().atMost(ReplicationGroup.WAIT).until(() -> writers.acked.size() >= 200);

        assertThat(one.replicator.appointPrimary(two.uuid, ReplicationGroup.WAIT)).isTrue();
        await().atMost(ReplicationGroup.WAIT).until(() -> two.writable() && two.group.isLeader());
        long atSwitch = writers.acked.size();
        await().atMost(ReplicationGroup.WAIT).until(() -> writers.refusals.getOrDefault(1290, 0) >= 20); // read-only now
        writers.stop();

        assertThat(writers.refusals.keySet()).as("refusals by code: %s", writers.refusals).isSubsetOf(1290, 3100);
        g.awaitConverged(g.nodes);
        for (ReplicationGroup.Node n : g.nodes) {
            Set<Long> present = new java.util.HashSet<>();
            for (List<Object> row : ReplicationGroup.rows(n.session(), "SELECT id FROM app.t")) {
                present.add(((Number) row.get(0)).longValue());
            }
            assertThat(present).as("member %d", n.number).containsAll(writers.acked);
            Set<Long> unexplained = new java.util.HashSet<>(present);
            unexplained.removeAll(writers.acked);
            unexplained.removeAll(writers.inDoubt);
            assertThat(unexplained).as("member %d: rows refused with a rollback, or never answered", n.number).isEmpty();
        }
        assertThat(atSwitch).isGreaterThanOrEqualTo(200);
    }

    /**
     * A vote that elects another member while the primary stays primary (here member 2 runs one that prefers itself,
     * as a vote on a view change may elect a member whose log is ahead): the primary asks for the lead again at its
     * next retry (LeadRetry), while two clients write on it. Its commits wait at the gate (SendGate, in Group.lead) while the vote
     * runs, so none fails: every commit is acknowledged, and every acknowledged row is on every member.
     */
    @Test
    void aPrimaryThatLostTheLeadAsksForItAgain() throws Exception {
        groupWithATable();
        ReplicationGroup.Node one = g.node(1);
        ReplicationGroup.Node two = g.node(2);
        assertThat(one.group.isLeader()).isTrue();

        two.group.preferLeader(() -> two.uuid);
        assertThat(two.group.lead(ReplicationGroup.WAIT)).isTrue();
        assertThat(one.group.isLeader()).isFalse();
        assertThat(one.writable()).as("still the primary").isTrue();

        Writers writers = new Writers(one, 2); // through the leader, then as the leader
        await().atMost(ReplicationGroup.WAIT).until(one.group::isLeader);
        long atLead = writers.acked.size();
        await().atMost(ReplicationGroup.WAIT).until(() -> writers.acked.size() >= atLead + 100);
        writers.stop();

        assertThat(writers.refusals).as("refusals by code").isEmpty();
        assertThat(two.group.isLeader()).isFalse();
        g.awaitConverged(g.nodes);
        for (ReplicationGroup.Node n : g.nodes) {
            assertThat(ReplicationGroup.scalar(n.session(), "SELECT COUNT(*) FROM app.t")).as("member %d", n.number)
                    .isEqualTo((long) writers.acked.size());
        }
    }

    /** Three members; member 1, the primary, creates app.t (id BIGINT PRIMARY KEY). */
    private void groupWithATable() throws Exception {
        g = new ReplicationGroup(dir, 3, true);
        Session s = g.node(1).session();
        s.execute("CREATE DATABASE app");
        s.execute("CREATE TABLE app.t (id BIGINT PRIMARY KEY)");
    }

    /** Clients inserting fresh ids on one member until stopped (a minute at most): what was acknowledged, what refused. */
    private static final class Writers {
        final Set<Long> acked = ConcurrentHashMap.newKeySet();
        final Map<Integer, Integer> refusals = new ConcurrentHashMap<>(); // by error code; -1: the session failed
        /** Refused with 3100: in doubt (the group may have ordered them). Every other refusal is a rollback. */
        final Set<Long> inDoubt = ConcurrentHashMap.newKeySet();
        private final AtomicLong ids = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Writers(ReplicationGroup.Node node, int clients) {
            for (int w = 0; w < clients; w++) {
                Thread t = new Thread(() -> write(node), "writer-" + w);
                t.start();
                threads.add(t);
            }
        }

        private void write(ReplicationGroup.Node node) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try {
                Session c = node.session();
                while (!stop.get() && System.nanoTime() < deadline) {
                    long id = ids.incrementAndGet();
                    try {
                        c.execute("INSERT INTO app.t VALUES (" + id + ")");
                        acked.add(id);
                    } catch (SQLException e) {
                        refusals.merge(e.getErrorCode(), 1, Integer::sum);
                        if (e.getErrorCode() == 3100) {
                            inDoubt.add(id);
                        }
                        c.execute("ROLLBACK");
                        Thread.sleep(5);
                    }
                }
            } catch (SQLException | InterruptedException e) {
                refusals.merge(-1, 1, Integer::sum);
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }
}
