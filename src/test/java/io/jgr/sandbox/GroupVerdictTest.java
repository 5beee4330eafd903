package io.jgr.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GroupVerdictTest {
    static Stream<Arguments> cases() {
        String v = "127.0.0.1:3301";
        return Stream.of(
                Arguments.of("ONLINE", List.of("ONLINE", "ONLINE", "ONLINE"), "Group is ONLINE and can tolerate up to ONE failure.", true),
                Arguments.of("ONLINE", List.of("ONLINE", "ONLINE", "ONLINE", "ONLINE", "ONLINE"), "Group is ONLINE and can tolerate up to TWO failures.", true),
                Arguments.of("ONLINE", List.of("ONLINE", "ONLINE", "UNREACHABLE"),
                        "Group is ONLINE but cannot tolerate any failure. 1 member is not ONLINE.", true),
                Arguments.of("ONLINE", List.of("ONLINE", "ONLINE"), "Group is ONLINE but cannot tolerate any failure.", true),
                Arguments.of("ONLINE", List.of("ONLINE"), "Group is ONLINE but cannot tolerate any failure.", true),
                Arguments.of("ONLINE", List.of("ONLINE", "ONLINE", "RECOVERING"),
                        "Group is ONLINE but cannot tolerate any failure. 1 member is not ONLINE.", true),
                Arguments.of("ONLINE", List.of("ONLINE", "UNREACHABLE", "UNREACHABLE"),
                        "Group has no quorum as seen from " + v + ": nothing can be committed. 2 members are not ONLINE.", false),
                Arguments.of("ONLINE", List.of("ONLINE", "UNREACHABLE"),
                        "Group has no quorum as seen from " + v + ": nothing can be committed. 1 member is not ONLINE.", false),
                Arguments.of("OFFLINE", List.of("OFFLINE"),
                        "Group Replication is OFFLINE on " + v + ": it sees no group (connect to an ONLINE member).", false),
                Arguments.of("ERROR", List.of("ERROR"),
                        "Group Replication is ERROR on " + v + ": it sees no group (connect to an ONLINE member).", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verdict(String own, List<String> states, String expected, boolean quorum) {
        assertThat(GroupVerdict.of("127.0.0.1:3301", own, states)).isEqualTo(expected);
        assertThat(GroupVerdict.hasQuorum(own, states)).isEqualTo(quorum);
    }
}
