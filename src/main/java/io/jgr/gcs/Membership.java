package io.jgr.gcs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The group as this member sees it at one moment.
 *
 * @param viewId      the JGroups view id (grows with every view change)
 * @param members     present members (ONLINE, RECOVERING, UNREACHABLE), in view order, then unreachable ones
 * @param departed    members that left or were expelled since the previous notification (LEFT / EXPELLED)
 * @param voters      the Raft voting set size
 * @param majority    true if this member reaches a majority of the voters and a leader exists
 */
public record Membership(long viewId, List<Member> members, List<Member> departed, int voters, boolean majority) {

    public Membership {
        members = List.copyOf(members);
        departed = List.copyOf(departed);
    }

    public Optional<Member> member(UUID memberId) {
        return members.stream().filter(m -> m.memberId().equals(memberId)).findFirst();
    }

    public long count(MemberState state) {
        return members.stream().filter(m -> m.state() == state).count();
    }

    /**
     * Whether this member reaches a majority of the voters (the unreachable ones are the voters it cannot
     * reach), leader or not: unlike {@link #majority()}, an election under way is no loss of the majority.
     */
    public boolean reachesVoterMajority() {
        return isMajority(voters - count(MemberState.UNREACHABLE), voters);
    }

    /** {@code reachable} of {@code voters} voting members are a majority (Raft's: more than half). */
    public static boolean isMajority(long reachable, int voters) {
        return reachable >= voters / 2 + 1;
    }

    /** Equal apart from the view id and the one-shot departures: used to skip redundant notifications. */
    boolean sameAs(Membership other) {
        return other != null && members.equals(other.members) && departed.isEmpty()
                && voters == other.voters && majority == other.majority;
    }
}
