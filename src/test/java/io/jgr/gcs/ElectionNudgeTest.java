package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the first voter in a view starts a Raft vote itself: only after the interval without a leader, in a view that could elect one. */
class ElectionNudgeTest {
    private static final long SECOND = 1_000_000_000L;

    private static final class FakeVoting implements ElectionNudge.Voting {
        boolean running;
        int started;

        @Override
        public boolean running() {
            return running;
        }

        @Override
        public void start() {
            started++;
        }
    }

    private final FakeVoting voting = new FakeVoting();
    private final ElectionNudge nudge = new ElectionNudge(voting, 3 * SECOND);

    @Test
    void theFirstVoterOfAViewWithAMajorityAndNoLeaderStartsAVoteOnceTheIntervalHasPassedThenAtMostOncePerInterval() {
        assertThat(nudge.check(true, true, false, 10 * SECOND)).isFalse(); // the leaderless time begins
        assertThat(nudge.check(true, true, false, 12 * SECOND)).isFalse();
        assertThat(nudge.check(true, true, false, 13 * SECOND)).isTrue();
        assertThat(nudge.check(true, true, false, 14 * SECOND)).isFalse();
        assertThat(nudge.check(true, true, false, 16 * SECOND)).isTrue();
        assertThat(voting.started).isEqualTo(2);
    }

    @Test
    void aLeaderAMinorityOrAnotherFirstVoterRestartsTheWait() {
        nudge.check(true, true, false, 10 * SECOND);
        nudge.check(true, true, true, 12 * SECOND); // a leader came
        assertThat(nudge.check(true, true, false, 14 * SECOND)).isFalse();
        assertThat(nudge.check(true, true, false, 16 * SECOND)).isFalse();
        nudge.check(true, false, false, 16 * SECOND); // minority: ELECTION2 could not elect anyway
        assertThat(nudge.check(true, true, false, 18 * SECOND)).isFalse();
        nudge.check(false, true, false, 19 * SECOND); // another voter comes first in the view
        assertThat(nudge.check(true, true, false, 21 * SECOND)).isFalse();
        assertThat(nudge.check(false, true, false, 40 * SECOND)).isFalse();
        assertThat(voting.started).isZero();
    }

    @Test
    void aVoteAlreadyUnderWayIsLeftToFinish() {
        voting.running = true;
        nudge.check(true, true, false, 10 * SECOND);
        assertThat(nudge.check(true, true, false, 20 * SECOND)).isFalse();
        voting.running = false;
        assertThat(nudge.check(true, true, false, 21 * SECOND)).isTrue();
        assertThat(voting.started).isEqualTo(1);
    }
}
