package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member that is behind the group's log catches up while the group keeps writing: a joiner that gets
 * the log resent, and one that gets a snapshot first (docs/group-log.md). jgroups-raft 1.1.4 on its own
 * resends only when the leader is idle, and its InMemoryLog misplaces entries after a snapshot.
 */
class GroupCatchUpTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PAYLOAD = 1024;

    private final TestMembers.Started members = new TestMembers.Started();
    private final List<Group> groups = members.groups;
    private final List<TestMembers.Recorder> recorders = members.recorders;
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicLong written = new AtomicLong();
    /** The writer stops at this many messages until the joiner is in the group (a join takes a while). */
    private final AtomicLong holdAt = new AtomicLong(Long.MAX_VALUE);
    private Thread writer;

    @AfterEach
    void stop() throws InterruptedException {
        writing.set(false);
        if (writer != null) {
            writer.join(10_000);
        }
        members.close();
    }

    private Group start(GroupConfig config) throws Exception {
        return members.start(config);
    }

    /** Broadcasts from the first member as fast as its window allows until told to stop (at most 120 s). */
    private void startWriter(Group g) {
        writer = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            List<CompletableFuture<Long>> inFlight = new ArrayList<>();
            while (writing.get() && System.nanoTime() < deadline) {
                if (written.get() >= holdAt.get()) {
                    LockSupport.parkNanos(5_000_000);
                    continue;
                }
                inFlight.add(g.broadcast(new byte[PAYLOAD]).whenComplete((i, e) -> {
                    if (e == null) {
                        written.incrementAndGet();
                    }
                }));
                if (inFlight.size() >= 50) {
                    inFlight.remove(0).exceptionally(e -> -1L).join();
                }
            }
            inFlight.forEach(f -> f.exceptionally(e -> -1L).join());
        }, "catch-up-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void catchUpUnderLoad(GroupConfig.Tuning tuning, int beforeJoin, boolean expectResends) throws Exception {
        TestMembers t = new TestMembers(3);
        Group first = start(t.config(1, tuning));
        start(t.config(2, tuning)).declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        holdAt.set(beforeJoin);
        startWriter(first);
        await().atMost(WAIT).until(() -> written.get() >= beforeJoin);

        start(t.config(3, tuning));
        holdAt.set(Long.MAX_VALUE);
        TestMembers.Recorder leader = recorders.get(0);
        TestMembers.Recorder joiner = recorders.get(2);
        long writtenAtJoin = written.get();
        // While the group keeps writing, the joiner reaches the head of the log (within a window's worth).
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> joiner.lastIndex() > 0 && joiner.lastIndex() >= leader.lastIndex() - 200);
        assertThat(writer.isAlive()).as("the group was still writing when the joiner caught up").isTrue();
        assertThat(written.get()).isGreaterThan(writtenAtJoin);
        if (expectResends) {
            assertThat(first.catchUpResends()).as("the leader resent to the joiner").isPositive();
        }

        // once every member keeps up, the leader resends (next to) nothing beyond RAFT's own appends: at most
        // a hiccup of a loaded machine, not a resend per message
        long settled = written.get();
        await().atMost(WAIT).until(() -> written.get() >= settled + 500);
        long resends = first.catchUpResends();
        long before = written.get();
        await().atMost(WAIT).until(() -> written.get() >= before + 1000);
        assertThat(first.catchUpResends() - resends).as("resends over 1000 messages while every member keeps up")
                .isLessThanOrEqualTo(2);

        writing.set(false);
        writer.join(30_000);
        // followers learn the last commit index a resend interval later (send_commits_immediately=false); a
        // snapshot moves the delivery index without deliveries
        await().atMost(WAIT).until(() -> groups.get(2).deliveredIndex() == first.deliveredIndex()
                && groups.get(1).deliveredIndex() == first.deliveredIndex());
    }

    @Test
    void aJoinerCatchesUpFromTheResentLogWhileTheGroupWrites() throws Exception {
        // under RAFT's snapshot threshold (1 MB) at the join: from then on the log keeps what the joiner needs
        catchUpUnderLoad(TestMembers.FAST, 200, true);
        TestMembers.Recorder leader = recorders.get(0);
        TestMembers.Recorder joiner = recorders.get(2);
        assertThat(joiner.count()).as("every message delivered to the joiner").isEqualTo(leader.count());
        assertThat(joiner.hash()).isEqualTo(leader.hash());
    }

    /**
     * A removal from the voting set that a joiner knows only from its snapshot still decides, on the joiner,
     * what the removed member's later messages come to: nothing, as on the members that executed it
     * (RetiredSenders travels in the snapshot).
     */
    @Test
    void aJoinerSentASnapshotRefusesTheMessagesOfAMemberRemovedBeforeIt() throws Exception {
        TestMembers t = new TestMembers(4);
        GroupConfig.Tuning noCache = TestMembers.FAST.withMessageCache(0);
        Group first = start(t.config(1, noCache));
        start(t.config(2, noCache)).declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Group removed = start(t.config(3, noCache));
        removed.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        first.startChange(removed.raftId(), false).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // 2 MB after the removal, over RAFT's snapshot threshold (1 MB): the joiner gets the removal in a snapshot
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            sent.add(first.broadcast(new byte[PAYLOAD]));
            if (sent.size() >= 50) {
                sent.remove(0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        for (CompletableFuture<Long> f : sent) {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        Group joiner = start(t.config(4, noCache));
        await().atMost(WAIT).until(() -> joiner.deliveredIndex() == first.deliveredIndex());
        assertThat(recorders.get(3).count()).as("the joiner was sent a snapshot").isLessThan(recorders.get(0).count());

        assertThat(removed.send(new byte[] {1}).handle((i, e) -> e)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(GroupUnavailableException.class);
        long last = first.broadcast(new byte[] {2}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorders.get(3).lastIndex() >= last);
        assertThat(joiner.deliveredIndex()).as("the joiner delivered what the others delivered, no more")
                .isEqualTo(first.deliveredIndex()).isEqualTo(last);
    }

    @Test
    void aJoinerSentASnapshotStillCatchesUpWhileTheGroupWrites() throws Exception {
        catchUpUnderLoad(TestMembers.FAST.withMessageCache(0), 3000, false); // 3 MB, nothing kept: a snapshot
        assertThat(recorders.get(2).count()).as("the snapshot replaced deliveries").isLessThan(recorders.get(0).count());
    }
}
