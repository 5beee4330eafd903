package io.jgr.gcs;

/**
 * Starts a Raft election when the group has gone without a leader for too long although it could elect one.
 * jgroups-raft 1.1.4's ELECTION2 votes only on the view changes it judges to need a vote. After views flapped
 * (a resumed, expelled member led a merge that dropped a healthy member, which the next merge brought back)
 * a view holding a majority of the voters could sit there with no leader for good: every commit then failed
 * with "no leader is elected" (also when the view's coordinator, who runs ELECTION2's votes, was a learner that
 * had just joined and knew no voters). Checked on each control tick by every voter in the view: the first voter
 * in the view's order starts the vote after the interval, the second after two, and so on. The later ones are
 * there because members can disagree about the leader: in session 29's ExpelResponsesProcessIT the first voter
 * still trusted a leader that had adopted a later term (from a frozen member's vote) and led no more; only the
 * ex-leader, second in the view, knew there was none, and nobody voted for good. The vote itself is
 * ELECTION2's, with its pre-vote round, so a leader that member had not heard of stops it.
 */
final class ElectionNudge {
    /** What this needs of ELECTION2. */
    interface Voting {
        boolean running();

        void start();
    }

    private final Voting voting;
    private final long afterNanos;
    /** When this member, a voter of a view with a majority of the voters, last saw no leader begin; 0 if not now. */
    private long leaderlessSince;
    /** This member's place among the voters in the view when that began. */
    private int rankSince = -1;

    /**
     * @param afterNanos how long the first voter in the view waits for ELECTION2 before it starts the vote itself;
     *                   the k-th voter waits k times as long
     */
    ElectionNudge(Voting voting, long afterNanos) {
        this.voting = voting;
        this.afterNanos = afterNanos;
    }

    /**
     * One tick: true when it started a vote. {@code voterRank} is this member's place among the voters in the view's
     * order (0 for the first, the same member on all), or -1 when it is no voter in the view.
     */
    boolean check(int voterRank, boolean majorityOfVotersInView, boolean leaderKnown, long now) {
        if (voterRank < 0 || !majorityOfVotersInView || leaderKnown || voterRank != rankSince) {
            leaderlessSince = 0;
            rankSince = voterRank;
            if (voterRank < 0 || !majorityOfVotersInView || leaderKnown) {
                return false;
            }
        }
        if (leaderlessSince == 0) {
            leaderlessSince = now;
            return false;
        }
        if (now - leaderlessSince < afterNanos * (voterRank + 1) || voting.running()) {
            return false;
        }
        voting.start();
        leaderlessSince = now; // at most one vote per interval
        return true;
    }
}
