package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A leader whose follower moved to a later term without it (a vote it did not see, as when a frozen member
 * formed a view with that follower and called one) learns of the term from the follower's answer, steps down, and
 * the group elects again and commits. jgroups-raft 1.1.4 alone drops the stale appends and answers nothing: with
 * two voters nothing commits for good (ExpelResponsesProcessIT, session 29).
 */
class StaleLeaderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestMembers.Started members = new TestMembers.Started();
    private final List<TestMembers.Recorder> recorders = members.recorders;

    @AfterEach
    void stop() {
        members.close();
    }

    private Group start(GroupConfig config) throws Exception {
        return members.start(config);
    }

    @Test
    void aLeaderOfAnEndedTermIsAnsweredStepsDownAndTheGroupCommitsAgain() throws Exception {
        TestMembers t = new TestMembers(2);
        Group first = start(t.config(1));
        Group second = start(t.config(2));
        second.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> first.raft().members().size() == 2 && second.raft().members().size() == 2);
        first.broadcast(new byte[8]).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Group leader = first.isLeader() ? first : second;
        Group follower = leader == first ? second : first;
        long term = leader.raft().currentTerm();

        follower.raft().currentTerm(term + 1); // what voting in an election the leader did not see leaves behind

        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        for (int attempt = 0; attempt < 120 && System.nanoTime() < deadline; attempt++) {
            try {
                follower.broadcast(new byte[8]).get(5, TimeUnit.SECONDS);
                last = null;
                break;
            } catch (Exception notYet) { // no leader yet, or the old one, which cannot commit without this member
                last = notYet;
                Thread.sleep(500);
            }
        }
        assertThat(last).as("a broadcast commits after the stale leader stepped down").isNull();
        assertThat(follower.staleLeaderAnswers()).as("the follower answered the stale leader").isPositive();
        assertThat(first.raft().currentTerm()).isGreaterThan(term + 1).isEqualTo(second.raft().currentTerm());
        await().atMost(WAIT).until(() -> recorders.get(0).count() == recorders.get(1).count());
        assertThat(recorders.get(0).hash()).isEqualTo(recorders.get(1).hash());
    }
}
