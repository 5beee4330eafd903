package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jgr.server.config.SystemVariables;
import io.jgr.store.H2Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted member (same server_uuid, same datadir) replays the group's log from its start and meets
 * the announcements of its earlier incarnation before its own: only its own pipeline's announcement is its
 * join point. Taking the earlier one made a restarted member skip distributed recovery (join point far
 * behind) — seen in {@code MultiPrimaryProcessIT}'s kill -9 and restart cycles. Nor is a Raft snapshot a join
 * point: the stream after it may be thousands of entries long (a joiner declared ONLINE there waited a minute
 * for its own commits' verdicts and blocked its applier — seen in the same IT).
 *
 * <p>The joiner's announcement goes out through a real one-member group; the test itself delivers to the
 * joiner's replicator (it is not that group's state machine), so the order of deliveries is the test's.
 */
class JoinPointTest {
    @Test
    void anEarlierIncarnationsAnnouncementIsNotThisJoinersJoinPoint(@TempDir Path dir) throws Exception {
        try (ReplicationGroup group = new ReplicationGroup(dir, 1, false)) {
            UUID groupName = group.addresses.groupName;
            UUID self = UUID.randomUUID();
            UUID other = group.node(1).uuid;
            SystemVariables vars = SystemVariables.standard();
            vars.applyStartupValue("group_replication_single_primary_mode", "OFF");
            H2Engine engine = H2Engine.open(dir.resolve("joiner"), vars, H2Engine.Options.defaults().withRootPassword("pw"));
            try {
                byte[] earlierIncarnation;
                try (Replicator before = new Replicator(engine, vars, groupName, self)) {
                    earlierIncarnation = MessageCodec.encode(before.memberInfo());
                }
                try (Replicator joiner = new Replicator(engine, vars, groupName, self)) {
                    joiner.holdForRecovery();
                    joiner.attach(group.node(1).group);
                    CompletableFuture<Long> point = joiner.joinPoint();
                    // the log replayed from its start: a statement, the earlier incarnation's announcement, more
                    // statements, then this pipeline's own announcement
                    long index = 0;
                    joiner.deliver(++index, ddl(other, "CREATE DATABASE a"));
                    joiner.deliver(++index, earlierIncarnation);
                    assertThat(point).as("an earlier incarnation's announcement").isNotDone();
                    joiner.deliver(++index, ddl(other, "CREATE DATABASE b"));
                    joiner.deliver(++index, ddl(other, "CREATE DATABASE c"));
                    joiner.deliver(++index, MessageCodec.encode(joiner.memberInfo()));
                    assertThat(point.get(10, TimeUnit.SECONDS)).as("GTIDs certified before its own announcement").isEqualTo(3);
                }
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void aSnapshotIsNotAJoinPointOnlyTheOwnAnnouncementDeliveredAfterItIs(@TempDir Path dir) throws Exception {
        try (ReplicationGroup group = new ReplicationGroup(dir, 1, false)) {
            ReplicationGroup.Node donor = group.node(1);
            try (var s = donor.session()) {
                s.execute("CREATE DATABASE snap");
            }
            java.io.ByteArrayOutputStream state = new java.io.ByteArrayOutputStream();
            donor.replicator.writeSnapshot(new java.io.DataOutputStream(state)); // the group's state at some point
            SystemVariables vars = SystemVariables.standard();
            vars.applyStartupValue("group_replication_single_primary_mode", "OFF");
            H2Engine engine = H2Engine.open(dir.resolve("joiner"), vars, H2Engine.Options.defaults().withRootPassword("pw"));
            try (Replicator joiner = new Replicator(engine, vars, group.addresses.groupName, UUID.randomUUID())) {
                joiner.holdForRecovery();
                joiner.attach(donor.group);
                CompletableFuture<Long> point = joiner.joinPoint();
                joiner.readSnapshot(new java.io.DataInputStream(new java.io.ByteArrayInputStream(state.toByteArray())));
                assertThat(point).as("a snapshot may be far behind the group: no join point").isNotDone();
                long index = joiner.lastDelivered();
                joiner.deliver(++index, ddl(donor.uuid, "CREATE DATABASE later"));
                joiner.deliver(++index, MessageCodec.encode(joiner.memberInfo()));
                assertThat(point.get(10, TimeUnit.SECONDS)).as("the snapshot's GTIDs and the one after it").isEqualTo(2);
            } finally {
                engine.close();
            }
        }
    }

    /** Without it the joiner waited for DistributedRecovery's 5 s timeout before announcing again. */
    @Test
    void aJoinerWhoseAnnouncementASnapshotMayHaveSwallowedAnnouncesAgainAtOnce(@TempDir Path dir) throws Exception {
        try (ReplicationGroup group = new ReplicationGroup(dir, 1, false)) {
            ReplicationGroup.Node donor = group.node(1);
            java.io.ByteArrayOutputStream state = new java.io.ByteArrayOutputStream();
            donor.replicator.writeSnapshot(new java.io.DataOutputStream(state));
            SystemVariables vars = SystemVariables.standard();
            vars.applyStartupValue("group_replication_single_primary_mode", "OFF");
            H2Engine engine = H2Engine.open(dir.resolve("joiner"), vars, H2Engine.Options.defaults().withRootPassword("pw"));
            UUID self = UUID.randomUUID();
            try (Replicator joiner = new Replicator(engine, vars, group.addresses.groupName, self)) {
                joiner.holdForRecovery();
                joiner.attach(donor.group);
                joiner.setSqlEndpoint("first.example", 3306);
                CompletableFuture<Long> point = joiner.joinPoint();
                await().atMost(Duration.ofSeconds(30)).until(() -> donor.replicator.sqlEndpoint(self)
                        .map(e -> e.host().equals("first.example")).orElse(false));
                // the endpoint marks which announcement the group delivered last
                joiner.setSqlEndpoint("second.example", 3306);
                joiner.readSnapshot(new java.io.DataInputStream(new java.io.ByteArrayInputStream(state.toByteArray())));
                await().atMost(Duration.ofSeconds(20)).until(() -> donor.replicator.sqlEndpoint(self)
                        .map(e -> e.host().equals("second.example")).orElse(false));
                assertThat(point).as("still waiting for an announcement delivered to the joiner").isNotDone();
            } finally {
                engine.close();
            }
        }
    }

    private static byte[] ddl(UUID origin, String sql) {
        return MessageCodec.encode(new GroupMessage.Transaction(origin, 1, 0, new long[0], List.of(), sql, null));
    }
}
