package io.jgr.gcs;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns what the engine knows at one moment — the JGroups view (by Raft id), the Raft voting set, the
 * leader, and which members announced a clean leave — into GR member states, and decides which voters
 * the leader must remove. Pure bookkeeping with an explicit clock, so it is tested without a network.
 * Not thread-safe: the engine calls it from its single control thread.
 */
final class MembershipTracker {

    /** The outcome of one {@link #update}: what to publish, and which voters the leader removes now. */
    record Result(Membership membership, List<String> toRemove, List<Member> becameUnreachable,
                  List<Member> reachableAgain) {
    }

    private static final class Tracked {
        Member member;
        boolean voter;
        long missingSince = -1;

        Tracked(Member member) {
            this.member = member;
        }
    }

    private final long expelNanos;
    private final Map<String, Tracked> known = new LinkedHashMap<>();

    MembershipTracker(long expelNanos) {
        this.expelNanos = expelNanos;
    }

    /**
     * @param viewId   the current view id
     * @param inView   Raft ids of the current view's members, in view order
     * @param voters   the Raft voting set
     * @param leader   the leader's Raft id, or null
     * @param leaving  Raft ids that announced a clean leave
     * @param endpoint a member's address, or null if unknown
     * @param now      {@code System.nanoTime()}
     */
    Result update(long viewId, List<String> inView, Collection<String> voters, String leader, Set<String> leaving,
                  Function<String, InetSocketAddress> endpoint, long now) {
        Set<String> voterSet = new HashSet<>(voters);
        Set<String> viewSet = new HashSet<>(inView);
        List<Member> present = new ArrayList<>();
        List<Member> departed = new ArrayList<>();
        List<Member> unreachable = new ArrayList<>();
        List<Member> reachableAgain = new ArrayList<>();
        Set<String> liveMemberIds = new HashSet<>();
        for (String id : inView) {
            RaftId parsed = RaftId.parse(id);
            if (parsed != null) {
                liveMemberIds.add(parsed.memberId() + "");
            }
        }

        for (String id : inView) {
            RaftId parsed = RaftId.parse(id);
            if (parsed == null) {
                continue;
            }
            Tracked t = known.computeIfAbsent(id, k -> new Tracked(null));
            boolean wasUnreachable = t.member != null && t.member.state() == MemberState.UNREACHABLE;
            t.voter = voterSet.contains(id);
            t.missingSince = -1;
            t.member = member(parsed, endpoint.apply(id), t.member,
                    t.voter ? MemberState.ONLINE : MemberState.RECOVERING, id.equals(leader));
            if (wasUnreachable) {
                reachableAgain.add(t.member);
            }
            present.add(t.member);
        }

        for (String id : voters) {
            if (viewSet.contains(id)) {
                continue;
            }
            RaftId parsed = RaftId.parse(id);
            if (parsed == null) {
                continue;
            }
            known.computeIfAbsent(id, k -> new Tracked(null)).voter = true;
        }

        List<String> toRemove = new ArrayList<>();
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            String id = entry.getKey();
            Tracked t = entry.getValue();
            if (viewSet.contains(id)) {
                continue;
            }
            RaftId parsed = RaftId.parse(id);
            boolean voter = voterSet.contains(id);
            boolean stale = liveMemberIds.contains(parsed.memberId() + "");
            if (!voter && (t.voter || leaving.contains(id) || stale
                    || (t.missingSince >= 0 && now - t.missingSince >= expelNanos))) {
                // removed from the voting set, or a learner gone for good
                MemberState end = leaving.contains(id) ? MemberState.LEFT : MemberState.EXPELLED;
                departed.add(member(parsed, null, t.member, end, false));
                it.remove();
                continue;
            }
            t.voter = voter;
            if (t.missingSince < 0) {
                t.missingSince = now;
            }
            boolean wasUnreachable = t.member != null && t.member.state() == MemberState.UNREACHABLE;
            t.member = member(parsed, null, t.member, MemberState.UNREACHABLE, false);
            if (!wasUnreachable && !leaving.contains(id)) {
                unreachable.add(t.member);
            }
            present.add(t.member);
            if (voter && (leaving.contains(id) || stale || now - t.missingSince >= expelNanos)) {
                toRemove.add(id);
            }
        }

        int reachableVoters = 0;
        for (String v : voterSet) {
            if (viewSet.contains(v)) {
                reachableVoters++;
            }
        }
        boolean majority = leader != null && reachableVoters >= voterSet.size() / 2 + 1;
        return new Result(new Membership(viewId, present, departed, voterSet.size(), majority), toRemove,
                unreachable, reachableAgain);
    }

    private static Member member(RaftId id, InetSocketAddress at, Member previous, MemberState state, boolean leader) {
        String host = previous == null ? "" : previous.host();
        int port = previous == null ? 0 : previous.port();
        if (at != null) {
            host = at.getAddress() != null ? at.getAddress().getHostAddress() : at.getHostString();
            port = at.getPort();
        }
        return new Member(id.memberId(), id.incarnation(), host, port, state, leader);
    }
}
