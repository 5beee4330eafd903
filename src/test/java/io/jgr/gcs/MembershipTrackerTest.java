package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MembershipTrackerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final String A1 = RaftId.of(A, "1");
    private static final String B1 = RaftId.of(B, "1");
    private static final String C1 = RaftId.of(C, "1");
    private static final String C2 = RaftId.of(C, "2");

    private final MembershipTracker tracker = new MembershipTracker(5 * SECOND);

    private MembershipTracker.Result update(List<String> view, List<String> voters, Set<String> leaving, long at) {
        return tracker.update(1, view, voters, A1, leaving,
                id -> new InetSocketAddress("127.0.0.1", 7000 + id.charAt(35)), at * SECOND);
    }

    private static Map<String, MemberState> states(MembershipTracker.Result r) {
        return r.membership().members().stream().collect(Collectors.toMap(Member::raftId, Member::state));
    }

    private static Map<String, MemberState> departed(MembershipTracker.Result r) {
        return r.membership().departed().stream().collect(Collectors.toMap(Member::raftId, Member::state));
    }

    /** Each row: a sequence of observations and what the last one must yield. */
    record Step(List<String> view, List<String> voters, Set<String> leaving, long at,
                Map<String, MemberState> present, Map<String, MemberState> gone, List<String> remove, boolean majority) {
    }

    private void run(Step... steps) {
        for (Step s : steps) {
            MembershipTracker.Result r = update(s.view, s.voters, s.leaving, s.at);
            assertThat(states(r)).as("states at %ds", s.at).isEqualTo(s.present);
            assertThat(departed(r)).as("departed at %ds", s.at).isEqualTo(s.gone);
            assertThat(r.toRemove()).as("to remove at %ds", s.at).isEqualTo(s.remove);
            assertThat(r.membership().majority()).as("majority at %ds", s.at).isEqualTo(s.majority);
        }
    }

    @Test
    void learnerIsRecoveringAndVoterOnline() {
        run(new Step(List.of(A1, B1), List.of(A1), Set.of(), 0,
                Map.of(A1, MemberState.ONLINE, B1, MemberState.RECOVERING), Map.of(), List.of(), true));
    }

    @Test
    void crashedVoterIsUnreachableThenRemovedAfterTheExpelTimeoutThenExpelled() {
        List<String> all = List.of(A1, B1, C1);
        run(new Step(all, all, Set.of(), 0, Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.ONLINE),
                        Map.of(), List.of(), true),
                new Step(List.of(A1, B1), all, Set.of(), 1,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.UNREACHABLE), Map.of(), List.of(), true),
                new Step(List.of(A1, B1), all, Set.of(), 5,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.UNREACHABLE), Map.of(), List.of(), true),
                new Step(List.of(A1, B1), all, Set.of(), 6,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.UNREACHABLE), Map.of(), List.of(C1), true),
                new Step(List.of(A1, B1), List.of(A1, B1), Set.of(), 7,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE), Map.of(C1, MemberState.EXPELLED), List.of(), true),
                new Step(List.of(A1, B1), List.of(A1, B1), Set.of(), 8,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE), Map.of(), List.of(), true));
    }

    @Test
    void memberBackBeforeTheTimeoutIsOnlineAgain() {
        List<String> all = List.of(A1, B1, C1);
        run(new Step(all, all, Set.of(), 0, Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.ONLINE),
                        Map.of(), List.of(), true),
                new Step(List.of(A1, B1), all, Set.of(), 1,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.UNREACHABLE), Map.of(), List.of(), true),
                new Step(all, all, Set.of(), 3, Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.ONLINE),
                        Map.of(), List.of(), true),
                new Step(List.of(A1, B1), all, Set.of(), 7,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.UNREACHABLE), Map.of(), List.of(), true));
    }

    @Test
    void announcedLeaveIsRemovedAtOnceAndReportedLeft() {
        List<String> all = List.of(A1, B1, C1);
        run(new Step(all, all, Set.of(), 0, Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.ONLINE),
                        Map.of(), List.of(), true),
                new Step(List.of(A1, B1), all, Set.of(C1), 1,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.UNREACHABLE), Map.of(), List.of(C1), true),
                new Step(List.of(A1, B1), List.of(A1, B1), Set.of(C1), 2,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE), Map.of(C1, MemberState.LEFT), List.of(), true));
    }

    @Test
    void aNewIncarnationReplacesTheOldOneAtOnce() {
        List<String> all = List.of(A1, B1, C1);
        run(new Step(all, all, Set.of(), 0, Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.ONLINE),
                        Map.of(), List.of(), true),
                new Step(List.of(A1, B1, C2), all, Set.of(), 1,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C1, MemberState.UNREACHABLE, C2, MemberState.RECOVERING),
                        Map.of(), List.of(C1), true),
                new Step(List.of(A1, B1, C2), List.of(A1, B1, C2), Set.of(), 2,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.ONLINE, C2, MemberState.ONLINE),
                        Map.of(C1, MemberState.EXPELLED), List.of(), true));
    }

    @Test
    void twoOfThreeVotersMissingIsNoMajority() {
        List<String> all = List.of(A1, B1, C1);
        run(new Step(List.of(A1), all, Set.of(), 0,
                Map.of(A1, MemberState.ONLINE, B1, MemberState.UNREACHABLE, C1, MemberState.UNREACHABLE), Map.of(), List.of(), false));
    }

    @Test
    void aLearnerThatVanishesIsExpelledAfterTheTimeoutWithoutARaftChange() {
        run(new Step(List.of(A1, B1), List.of(A1), Set.of(), 0,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.RECOVERING), Map.of(), List.of(), true),
                new Step(List.of(A1), List.of(A1), Set.of(), 1,
                        Map.of(A1, MemberState.ONLINE, B1, MemberState.UNREACHABLE), Map.of(), List.of(), true),
                new Step(List.of(A1), List.of(A1), Set.of(), 7,
                        Map.of(A1, MemberState.ONLINE), Map.of(B1, MemberState.EXPELLED), List.of(), true));
    }
}
