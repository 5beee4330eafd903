package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The member the group wants as Raft leader (a single-primary group's primary) leads whenever Raft allows it: it can
 * take the lead from a live leader by a vote of its own, and a vote after the leader left elects it among voters whose
 * logs are equal, where ELECTION2 alone elects the first of them in view order.
 */
class LeaderFollowsWantedMemberTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestMembers.Started members = new TestMembers.Started();
    private final List<Group> groups = members.groups;
    private final List<TestMembers.Recorder> recorders = members.recorders;

    @AfterEach
    void stop() {
        members.close();
    }

    @Test
    void theWantedMemberTakesTheLeadFromALiveLeaderAndTheGroupGoesOnCommitting() throws Exception {
        startThree();
        Group third = groups.get(2);
        UUID wanted = third.config().memberId();
        groups.forEach(g -> g.preferLeader(() -> wanted));
        assertThat(groups.get(0).isLeader()).isTrue();

        assertThat(third.lead(Duration.ofSeconds(10))).isTrue();

        assertThat(third.isLeader()).isTrue();
        await().atMost(WAIT).until(() -> groups.stream().filter(Group::isLeader).count() == 1);
        for (int round = 0; round < 20; round++) { // every member's messages, in one order everywhere
            groups.get(round % 3).broadcast(new byte[] {(byte) round}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        awaitSameDeliveries();
        assertThat(third.lead(Duration.ofSeconds(1))).as("leading already: no vote").isTrue();
    }

    @Test
    void aVoteAfterTheLeaderLeftElectsTheWantedMemberAmongEqualLogs() throws Exception {
        startThree();
        UUID wanted = groups.get(2).config().memberId();
        groups.forEach(g -> g.preferLeader(() -> wanted));
        groups.get(0).broadcast(new byte[] {1}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        awaitSameDeliveries(); // equal logs: without the preference the vote takes member 2, first in the view

        groups.get(0).leave();

        await("a new leader").atMost(WAIT).until(() -> groups.get(1).isLeader() || groups.get(2).isLeader());
        assertThat(groups.get(2).isLeader()).isTrue();
        assertThat(groups.get(1).isLeader()).isFalse();
        groups.get(1).broadcast(new byte[] {2}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorders.get(1).count() == recorders.get(2).count()
                && recorders.get(1).hash() == recorders.get(2).hash());
    }

    private void startThree() throws Exception {
        TestMembers t = new TestMembers(3);
        for (int i = 1; i <= 3; i++) {
            Group g = members.start(t.config(i));
            if (i > 1) {
                g.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        await().atMost(WAIT).until(() -> groups.stream().allMatch(g -> g.raft().members().size() == 3));
    }

    private void awaitSameDeliveries() {
        await().atMost(WAIT).until(() -> recorders.stream().allMatch(r -> r.count() == recorders.get(0).count()
                && r.hash() == recorders.get(0).hash()));
    }
}
