package io.jgr.gcs;

/**
 * Starts a Raft election when the group has gone without a leader for too long although it could elect one.
 * jgroups-raft 1.1.4's ELECTION2 votes only on the view changes it judges to need a vote. After views flapped
 * (a resumed, expelled member led a merge that dropped a healthy member, which the next merge brought back)
 * a view holding a majority of the voters could sit there with no leader for good: every commit then failed
 * with "no leader is elected" (also when the view's coordinator, who runs ELECTION2's votes, was a learner that
 * had just joined and knew no voters). Checked on each control tick by the first voter in the view's order;
 * the vote itself is ELECTION2's, with its pre-vote round, so a leader that member had not heard of stops it.
 */
final class ElectionNudge {
    /** What this needs of ELECTION2. */
    interface Voting {
        boolean running();

        void start();
    }

    private final Voting voting;
    private final long afterNanos;
    /** When this member, first voter of a view with a majority of the voters, last saw no leader begin; 0 if not now. */
    private long leaderlessSince;

    /** @param afterNanos how long the first voter in the view waits for ELECTION2 before it starts the vote itself */
    ElectionNudge(Voting voting, long afterNanos) {
        this.voting = voting;
        this.afterNanos = afterNanos;
    }

    /** One tick: true when it started a vote. */
    boolean check(boolean firstVoterInView, boolean majorityOfVotersInView, boolean leaderKnown, long now) {
        if (!firstVoterInView || !majorityOfVotersInView || leaderKnown) {
            leaderlessSince = 0;
            return false;
        }
        if (leaderlessSince == 0) {
            leaderlessSince = now;
            return false;
        }
        if (now - leaderlessSince < afterNanos || voting.running()) {
            return false;
        }
        voting.start();
        leaderlessSince = now; // at most one vote per interval
        return true;
    }
}
