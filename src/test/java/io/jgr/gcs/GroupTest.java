package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.perimeter.net.PlaintextMemberTls;
import io.jgr.testing.LogCapture;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several members in one JVM, each with its own channel, on 127.0.0.1..5. */
class GroupTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<Group> groups = new ArrayList<>();
    private final List<TestMembers.Recorder> recorders = new ArrayList<>();
    private final List<TestMembers.Views> views = new ArrayList<>();

    @AfterEach
    void closeAll() {
        groups.forEach(Group::close);
    }

    private Group start(GroupConfig config, boolean online) throws Exception {
        TestMembers.Recorder r = new TestMembers.Recorder();
        TestMembers.Views v = new TestMembers.Views();
        Group g = Group.join(config, r, v);
        groups.add(g);
        recorders.add(r);
        views.add(v);
        if (online && !config.bootstrap()) {
            g.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return g;
    }

    private void formGroup(TestMembers t, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            start(t.config(i), true);
        }
        for (Group g : groups) {
            await().atMost(WAIT).until(() -> g.membership().count(MemberState.ONLINE) == n && g.membership().majority());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void threeMembersFormAGroupAndDeliverInTheSameOrder() throws Exception {
        TestMembers t = new TestMembers(3);
        Group first = start(t.config(1), false);
        // The bootstrap member's own view may still be on its way when join() returns under load.
        await().atMost(WAIT).until(() -> first.membership().member(first.config().memberId())
                .map(m -> m.state() == MemberState.ONLINE).orElse(false));
        Group second = start(t.config(2), false);
        await().atMost(WAIT).until(() -> second.membership().member(second.config().memberId())
                .map(m -> m.state() == MemberState.RECOVERING).orElse(false));
        second.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        start(t.config(3), true);
        for (Group g : groups) {
            await().atMost(WAIT).until(() -> g.membership().count(MemberState.ONLINE) == 3);
        }
        assertThat(groups.get(2).membership().members()).extracting(Member::host)
                .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3");

        List<CompletableFuture<Long>> sent = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            sent.add(groups.get(n % 3).broadcast(bytes("m" + n + "@" + n % 3)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorders.stream().allMatch(r -> r.count() == 300));
        assertThat(recorders).extracting(TestMembers.Recorder::hash).containsOnly(recorders.get(0).hash());
        assertThat(recorders.get(1).indexes()).isEqualTo(recorders.get(0).indexes());
        assertThat(recorders.get(0).indexes()).startsWith(1L, 2L, 3L).endsWith(300L).doesNotHaveDuplicates();
        assertThat(sent).extracting(CompletableFuture::join).doesNotHaveDuplicates().allMatch(i -> i >= 1 && i <= 300);
    }

    @Test
    void aJoinerThatReachesNoSeedFailsInsteadOfFormingItsOwnGroup() {
        TestMembers t = new TestMembers(2); // member 1 is never started
        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> start(t.config(2), false))
                    .isInstanceOf(JoinFailedException.class)
                    .hasMessageContaining("no seed of")
                    .hasMessageContaining(t.addresses.get(0).getPort() + "");
            assertThat(log.linesContaining("[GCS] The member was unable to join the group. Local port: "
                    + t.addresses.get(1).getPort())).hasSize(1);
        }
    }

    /** Before, one round: a member restarted on boot while its seeds were busy failed for good. */
    @Test
    void aJoinerWhoseSeedAnswersOnlyAfterItsFirstRoundJoinsOnALaterOne() throws Exception {
        TestMembers t = new TestMembers(2);
        java.util.concurrent.ExecutorService joining = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (LogCapture log = LogCapture.open()) {
            java.util.concurrent.Future<Group> joiner = joining.submit(() -> start(t.config(2), false));
            await().atMost(WAIT).until(() -> !log.linesContaining("No seed answered within").isEmpty());
            start(t.config(1), false); // the seed comes up after the joiner's first round found nobody
            Group second = joiner.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> second.membership().members().size() == 2);
            assertThat(log.linesContaining("[GCS] The member was unable to join the group.")).isEmpty();
        } finally {
            joining.shutdownNow();
        }
    }

    @Test
    void aLocalAddressThatIsNotOnThisHostIsRefusedBeforeAnySocketOpens() throws Exception {
        TestMembers t = new TestMembers(1);
        GroupConfig elsewhere = new GroupConfig(t.groupName, java.util.UUID.randomUUID(),
                new java.net.InetSocketAddress(InetAddress.getByName("198.51.100.7"), 33061), List.of(), true,
                Duration.ofSeconds(1), p -> true, PlaintextMemberTls.INSTANCE, TestMembers.FAST);
        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> start(elsewhere, false)).isInstanceOf(JoinFailedException.class);
            assertThat(log.linesContaining("[GCS] There is no local IP address matching the one configured for the"
                    + " local node (198.51.100.7:33061).")).hasSize(1);
        }
    }

    @Test
    void aRefusedSourceGetsAResetAndZeroBytesAndCannotJoin() throws Exception {
        TestMembers t = new TestMembers(4);
        InetAddress refused = TestMembers.loopback(4);
        AdmissionGate gate = peer -> !peer.equals(refused);
        start(t.config(1, true, gate, PlaintextMemberTls.INSTANCE), true);
        start(t.config(2, false, gate, PlaintextMemberTls.INSTANCE), true);

        assertThat(RawProbe.from(refused, t.addresses.get(0))).isEqualTo(RawProbe.Outcome.RESET_ZERO_BYTES);
        assertThatThrownBy(() -> start(t.config(4, false, gate, PlaintextMemberTls.INSTANCE), false))
                .isInstanceOf(JoinFailedException.class);
        assertThat(groups.get(0).membership().members()).hasSize(2);
    }

    @Test
    void aMemberThatLeavesIsReportedLeftAndTheRestGoOn() throws Exception {
        TestMembers t = new TestMembers(3);
        formGroup(t, 3);
        groups.get(2).leave();
        for (int i = 0; i < 2; i++) {
            TestMembers.Views v = views.get(i);
            Group g = groups.get(i);
            await().atMost(WAIT).until(() -> v.anyDeparted(MemberState.LEFT) && g.membership().voters() == 2);
            assertThat(v.anyDeparted(MemberState.EXPELLED)).isFalse();
        }
        assertThat(groups.get(1).broadcast(bytes("after leave")).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
        assertThatThrownBy(() -> groups.get(2).broadcast(bytes("x")).get())
                .hasCauseInstanceOf(GroupUnavailableException.class).hasMessageContaining("left the group");
    }

    @Test
    void whenTheLeaderLeavesTheOthersElectAnotherAndGoOn() throws Exception {
        TestMembers t = new TestMembers(3);
        formGroup(t, 3);
        Group leader = groups.stream().filter(Group::isLeader).findFirst().orElseThrow();
        leader.leave();
        List<Group> rest = groups.stream().filter(g -> g != leader).toList();
        for (Group g : rest) {
            await().atMost(WAIT).until(() -> g.membership().voters() == 2 && g.membership().majority()
                    && g.membership().members().size() == 2);
        }
        assertThat(rest.get(0).broadcast(bytes("new leader")).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
        assertThat(views.get(groups.indexOf(rest.get(0))).anyDeparted(MemberState.LEFT)).isTrue();
    }

    @Test
    void aCrashedMemberIsUnreachableThenExpelledAndItsRestartRejoinsAsANewIncarnation() throws Exception {
        TestMembers t = new TestMembers(3);
        formGroup(t, 3);
        GroupConfig third = groups.get(2).config();
        String oldIncarnation = groups.get(2).raftId();
        groups.get(2).close(); // no leave announcement: a failure for the others
        TestMembers.Views v = views.get(0);
        await().atMost(WAIT).until(() -> v.seen.stream().anyMatch(m -> m.count(MemberState.UNREACHABLE) == 1));
        await().atMost(WAIT).until(() -> v.anyDeparted(MemberState.EXPELLED) && groups.get(0).membership().voters() == 2);
        assertThat(groups.get(0).broadcast(bytes("still a majority")).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();

        Group again = start(third, true);
        assertThat(again.raftId()).isNotEqualTo(oldIncarnation);
        await().atMost(WAIT).until(() -> groups.get(0).membership().count(MemberState.ONLINE) == 3);
        await().atMost(WAIT).until(() -> recorders.get(3).count() == recorders.get(0).count());
    }

    /**
     * A member the group removed, still in the view and not yet aware of it (a frozen member merged back,
     * MemberProcessesIT), forwards a message that the leader orders: no member delivers it, the same on
     * every member, and the member hears that it was refused.
     */
    @Test
    void aMessageOrderedAfterItsSendersRemovalIsDeliveredNowhere() throws Exception {
        TestMembers t = new TestMembers(3);
        formGroup(t, 3);
        Group first = groups.get(0);
        Group removed = groups.get(2);
        first.startChange(removed.raftId(), false).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> first.membership().voters() == 2);

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> removed.send(bytes("from a removed member")).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        // refused by the group, or failed once this member read its removal: whichever it hears first
        assertThat(refused.getCause()).isInstanceOf(GroupUnavailableException.class)
                .hasMessageContaining("this member was expelled from the group");
        assertThat(first.broadcast(bytes("after it")).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        await().atMost(WAIT).until(() -> recorders.get(1).count() == 1);
        for (int i = 0; i < 3; i++) {
            assertThat(recorders.get(i).indexes()).as("member %d delivered only the voter's message", i + 1)
                    .isSubsetOf(List.of(1L));
        }
        assertThat(recorders.get(1).hash()).isEqualTo(recorders.get(0).hash());
    }

    /**
     * A member frozen right after its promotion, before it applied it, is expelled meanwhile: on resuming it
     * reads the promotion and the removal together and never sees itself a voter, yet it must know it was
     * expelled (MemberProcessesIT saw this). Here both changes commit before the member's next check.
     */
    @Test
    void aMemberRemovedBeforeItSawItselfAVoterStillKnowsItWasExpelled() throws Exception {
        TestMembers t = new TestMembers(3);
        formGroup(t, 2);
        Group first = groups.get(0);
        Group third = start(t.config(3), false);
        await().atMost(WAIT).until(() -> first.membership().count(MemberState.RECOVERING) == 1);
        first.startChange(third.raftId(), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        first.startChange(third.raftId(), false).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> String.valueOf(third.unavailableReason()).contains("expelled"));
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> third.broadcast(bytes("after its removal")).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(refused.getCause()).hasMessage("this member was expelled from the group");
    }

    @Test
    void withoutAMajorityBroadcastFailsAtOnceNamingTheCause() throws Exception {
        TestMembers t = new TestMembers(3);
        formGroup(t, 3);
        groups.get(1).close();
        groups.get(2).close();
        Group survivor = groups.get(0);
        await().atMost(WAIT).until(() -> survivor.unavailableReason() != null);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> survivor.broadcast(bytes("lost")).get(5, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(GroupUnavailableException.class)
                // Under load the first closed member can be expelled before the second closes: 1 of 3 or 1 of 2.
                .hasMessageMatching("(?s).*cannot reach a majority of the group: 1 of [23] voting members reachable.*")
                .hasMessageContaining("127.0.0.3:" + t.addresses.get(2).getPort());
        assertThat(recorders.get(0).count()).isZero();
    }

    /**
     * Whoever sees a membership without a majority (the plugin's status, MemberProcessesIT's driver) and then
     * broadcasts must be refused for that reason, not reach Raft and hear "no leader": availability is settled
     * before a view is published to the periodic reconcile, and before the listener is told.
     */
    @Test
    void aMembershipWithoutAMajorityIsPublishedOnlyOnceBroadcastsAreRefusedForIt() throws Exception {
        TestMembers t = new TestMembers(3);
        AtomicReference<Group> first = new AtomicReference<>();
        List<String> reasonsSeenWithIt = new CopyOnWriteArrayList<>();
        MembershipListener probe = m -> {
            Group g = first.get();
            if (g != null && !m.reachesVoterMajority()) {
                reasonsSeenWithIt.add(String.valueOf(g.unavailableReason()));
            }
        };
        Group survivor = Group.join(t.config(1), new TestMembers.Recorder(), probe);
        groups.add(survivor);
        first.set(survivor);
        start(t.config(2), true);
        start(t.config(3), true);
        await().atMost(WAIT).until(() -> survivor.membership().count(MemberState.ONLINE) == 3);

        groups.get(1).close();
        groups.get(2).close();
        await().atMost(WAIT).until(() -> !reasonsSeenWithIt.isEmpty());
        assertThat(reasonsSeenWithIt).allMatch(r -> r.startsWith("this member cannot reach a majority of the group"));
    }
}
