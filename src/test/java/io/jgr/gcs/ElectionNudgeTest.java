package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When a voter in a view starts a Raft vote itself: only after the interval without a leader (the k-th voter in the
 * view's order after k intervals), in a view that could elect one.
 */
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
        assertThat(nudge.check(0, true, false, 10 * SECOND)).isFalse(); // the leaderless time begins
        assertThat(nudge.check(0, true, false, 12 * SECOND)).isFalse();
        assertThat(nudge.check(0, true, false, 13 * SECOND)).isTrue();
        assertThat(nudge.check(0, true, false, 14 * SECOND)).isFalse();
        assertThat(nudge.check(0, true, false, 16 * SECOND)).isTrue();
        assertThat(voting.started).isEqualTo(2);
    }

    @Test
    void aLeaderAMinorityOrNoLongerVotingRestartsTheWait() {
        nudge.check(0, true, false, 10 * SECOND);
        nudge.check(0, true, true, 12 * SECOND); // a leader came
        assertThat(nudge.check(0, true, false, 14 * SECOND)).isFalse();
        assertThat(nudge.check(0, true, false, 16 * SECOND)).isFalse();
        nudge.check(0, false, false, 16 * SECOND); // minority: ELECTION2 could not elect anyway
        assertThat(nudge.check(0, true, false, 18 * SECOND)).isFalse();
        nudge.check(-1, true, false, 19 * SECOND); // no voter in this view
        assertThat(nudge.check(0, true, false, 21 * SECOND)).isFalse();
        assertThat(nudge.check(-1, true, false, 40 * SECOND)).isFalse();
        assertThat(voting.started).isZero();
    }

    @Test
    void aVoteAlreadyUnderWayIsLeftToFinish() {
        voting.running = true;
        nudge.check(0, true, false, 10 * SECOND);
        assertThat(nudge.check(0, true, false, 20 * SECOND)).isFalse();
        voting.running = false;
        assertThat(nudge.check(0, true, false, 21 * SECOND)).isTrue();
        assertThat(voting.started).isEqualTo(1);
    }

    @Test
    void aLaterVoterStartsTheVoteAfterAsManyMoreIntervalsWhenTheFirstDoesNot() {
        // the first voter trusts a leader that leads no more; this member, second in the view, knows none
        assertThat(nudge.check(1, true, false, 10 * SECOND)).isFalse();
        assertThat(nudge.check(1, true, false, 13 * SECOND)).as("the first voter's turn").isFalse();
        assertThat(nudge.check(1, true, false, 16 * SECOND)).isTrue();
        assertThat(nudge.check(1, true, false, 19 * SECOND)).isFalse();
        assertThat(nudge.check(1, true, false, 22 * SECOND)).isTrue();
        assertThat(voting.started).isEqualTo(2);
    }

    @Test
    void aNewPlaceInTheViewRestartsTheWait() {
        nudge.check(2, true, false, 10 * SECOND);
        assertThat(nudge.check(1, true, false, 18 * SECOND)).as("now second: the wait starts again").isFalse();
        assertThat(nudge.check(1, true, false, 23 * SECOND)).isFalse();
        assertThat(nudge.check(1, true, false, 24 * SECOND)).isTrue();
        assertThat(voting.started).isEqualTo(1);
    }
}
