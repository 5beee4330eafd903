package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member that is not the group's Raft leader delivers its own message as soon as the leader has committed it,
 * not when the leader's next append or its resend timer tells it the commit index (session 32: a primary that was
 * not the leader committed at about 1/2 of the rate, every commit waiting for the resend interval). The resend
 * interval is raised to a minute here, so that only the leader's answer to the member's own message can have
 * told it.
 */
class FollowerCommitTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long NO_RESEND_MILLIS = 60_000;

    private final TestMembers.Started members = new TestMembers.Started();
    private final List<TestMembers.Recorder> recorders = members.recorders;

    @AfterEach
    void stop() {
        members.close();
    }

    @Test
    void aFollowerDeliversItsOwnMessageOnceTheLeaderCommittedIt() throws Exception {
        TestMembers t = new TestMembers(3);
        for (int i = 1; i <= 3; i++) {
            Group g = members.start(t.config(i));
            if (i > 1) {
                g.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        List<Group> groups = members.groups;
        await().atMost(WAIT).until(() -> groups.stream().allMatch(g -> g.raft().members().size() == 3));
        groups.get(0).broadcast(new byte[] {0}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorders.stream().allMatch(r -> r.count() == recorders.get(0).count()));
        groups.forEach(g -> g.raft().resendInterval(NO_RESEND_MILLIS));
        Group follower = groups.stream().filter(g -> !g.isLeader()).findFirst().orElseThrow();
        TestMembers.Recorder followerRecorder = recorders.get(groups.indexOf(follower));

        for (int round = 1; round <= 5; round++) { // one at a time: no later append carries the commit index
            long before = followerRecorder.count();
            long index = follower.broadcast(new byte[] {(byte) round}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            await("round " + round + ": the follower delivered its own message").atMost(Duration.ofSeconds(10))
                    .until(() -> followerRecorder.count() > before);
            assertThat(followerRecorder.lastIndex()).isEqualTo(index);
        }
        long leaderCount = recorders.get(groups.indexOf(groups.stream().filter(Group::isLeader).findFirst().orElseThrow())).count();
        assertThat(followerRecorder.count()).isEqualTo(leaderCount);
    }
}
