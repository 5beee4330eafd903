package io.jgr.replication;

import static org.awaitility.Awaitility.await;

import io.jgr.gcs.Group;
import io.jgr.gcs.GroupConfig;
import io.jgr.gcs.MemberState;
import io.jgr.gcs.TestMembers;
import io.jgr.perimeter.net.PlaintextMemberTls;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real members in one JVM: an H2Engine on its own datadir, a real {@link Group} on 127.0.0.N and a
 * {@link Replicator} each, wired as the plugin will wire them.
 */
public final class ReplicationGroup implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    final TestMembers addresses;
    public final List<Node> nodes = new ArrayList<>();
    private final Path dir;
    private final boolean singlePrimary;

    /** One member. */
    public final class Node {
        final int number;
        final UUID uuid;
        final SystemVariables vars = SystemVariables.standard();
        final H2Engine engine;
        final Replicator replicator;
        Group group;

        Node(int number, UUID uuid, int weight) throws SQLException {
            this.number = number;
            this.uuid = uuid;
            vars.applyStartupValue("group_replication_member_weight", String.valueOf(weight));
            if (!singlePrimary) {
                vars.applyStartupValue("group_replication_single_primary_mode", "OFF");
            }
            engine = H2Engine.open(dir.resolve("m" + number + "-" + uuid), vars, H2Engine.Options.defaults().withRootPassword("pw"));
            replicator = new Replicator(engine, vars, addresses.groupName, uuid);
        }

        void join(boolean bootstrap) throws Exception {
            GroupConfig c = addresses.config(number, bootstrap, peer -> true, PlaintextMemberTls.INSTANCE);
            c = new GroupConfig(c.groupName(), uuid, c.localAddress(), c.seeds(), bootstrap, c.expelTimeout(),
                    c.gate(), c.tls(), c.tuning());
            group = Group.join(c, replicator, replicator::membershipChanged);
            if (!bootstrap) {
                group.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            replicator.start(group);
        }

        public Session session() throws SQLException {
            Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
            return engine.openSession(new ConnectionInfo(CONNECTION_IDS.incrementAndGet(), root,
                    InetAddress.getLoopbackAddress(), null, null, null));
        }

        boolean writable() {
            return "0".equals(engine.globalVariable("super_read_only").orElse("1"));
        }

        String gtidExecuted() {
            return engine.globalVariable("gtid_executed").orElse("");
        }

        void leave() {
            replicator.stop();
            group.leave();
        }

        void close() {
            replicator.close();
            if (group != null) {
                group.close();
            }
            engine.close();
        }
    }

    public ReplicationGroup(Path dir, int n, boolean singlePrimary, int... weights) throws Exception {
        this.dir = dir;
        this.singlePrimary = singlePrimary;
        this.addresses = new TestMembers(n);
        for (int i = 1; i <= n; i++) {
            int w = weights.length >= i ? weights[i - 1] : PrimaryElection.DEFAULT_WEIGHT;
            nodes.add(new Node(i, UUID.randomUUID(), w));
        }
        for (Node node : nodes) {
            node.join(node.number == 1);
        }
        for (Node node : nodes) {
            await().atMost(WAIT).until(() -> node.group.membership().count(MemberState.ONLINE) == n
                    && node.group.membership().majority());
        }
        if (singlePrimary) {
            await().atMost(WAIT).until(() -> nodes.stream().filter(Node::writable).count() == 1
                    && nodes.stream().allMatch(x -> x.replicator.primary() != null
                    && x.replicator.primary().equals(nodes.get(0).replicator.primary())));
        } else {
            await().atMost(WAIT).until(() -> nodes.stream().allMatch(Node::writable));
        }
    }

    Node node(int number) {
        return nodes.get(number - 1);
    }

    public Node primary() {
        return nodes.stream().filter(Node::writable).findFirst().orElseThrow();
    }

    /** Waits until every listed member has applied everything delivered anywhere. */
    public void awaitConverged(List<Node> members) {
        await().atMost(WAIT).until(() -> {
            long max = members.stream().mapToLong(x -> x.replicator.lastDelivered()).max().orElse(0);
            return members.stream().allMatch(x -> x.replicator.appliedThrough() >= max && x.replicator.lastDelivered() >= max);
        });
    }

    static List<List<Object>> rows(Session s, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] row : ((Result.Rows) s.execute(sql)).rows()) {
            out.add(java.util.Arrays.asList(row));
        }
        return out;
    }

    static Object scalar(Session s, String sql) throws SQLException {
        return ((Result.Rows) s.execute(sql)).rows().get(0)[0];
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // closing the rest matters more
            }
        }
    }
}
