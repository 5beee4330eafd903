package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.gcs.Member;
import io.jgr.gcs.MemberState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Highest weight, then lowest UUID, among ONLINE members only. */
class PrimaryElectionTest {
    private static final UUID U1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID U2 = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final UUID U3 = UUID.fromString("00000000-0000-0000-0000-000000000003");

    @ParameterizedTest(name = "weights {0}/{1}/{2}, states {3}/{4}/{5} -> {6}")
    @CsvSource({
            "50,50,50, ONLINE,ONLINE,ONLINE, 1",
            "50,90,70, ONLINE,ONLINE,ONLINE, 2",
            "50,90,70, ONLINE,RECOVERING,ONLINE, 3",
            "50,90,90, ONLINE,ONLINE,ONLINE, 2",
            "0,0,100, ONLINE,ONLINE,UNREACHABLE, 1",
            "50,50,50, RECOVERING,RECOVERING,RECOVERING, 0"})
    void elects(int w1, int w2, int w3, MemberState s1, MemberState s2, MemberState s3, int expected) {
        List<Member> members = List.of(member(U3, s3), member(U1, s1), member(U2, s2));
        Optional<UUID> elected = PrimaryElection.elect(members, Map.of(U1, w1, U2, w2, U3, w3));
        assertThat(elected).isEqualTo(expected == 0 ? Optional.empty() : Optional.of(List.of(U1, U2, U3).get(expected - 1)));
    }

    private static Member member(UUID id, MemberState state) {
        return new Member(id, "1", "127.0.0.1", 1, state, false);
    }
}
