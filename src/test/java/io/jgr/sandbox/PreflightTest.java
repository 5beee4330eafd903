package io.jgr.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreflightTest {
    private static final String SEEDS = "127.0.0.1:3401,127.0.0.2:3402,127.0.0.3:3403";
    private static final String LIST = "127.0.0.1,127.0.0.2,127.0.0.3";

    private static MemberSetup member(int i) {
        return new MemberSetup("member" + i, "127.0.0." + i + ":340" + i, LIST, SEEDS, "VERIFY_IDENTITY",
                "/s/member" + i + "/cert.pem", List.of("127.0.0." + i, "localhost"));
    }

    private static List<MemberSetup> group(int changed, UnaryOperator<MemberSetup> change) {
        return Stream.of(1, 2, 3).map(i -> i == changed ? change.apply(member(i)) : member(i)).toList();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("consistent group", group(0, m -> m), List.of()),
                Arguments.of("local address outside the others' allowlists",
                        group(3, m -> new MemberSetup(m.name(), "127.0.0.9:3403", m.allowlist(), m.seeds(), m.sslMode(), m.certFile(), m.certificateNames())),
                        List.of("member3's group_replication_local_address 127.0.0.9:3403 is not admitted by member1's group_replication_ip_allowlist '"
                                + LIST + "': add 127.0.0.9 to group_replication_ip_allowlist on member1",
                                "member3's group_replication_local_address 127.0.0.9:3403 is not admitted by member2's group_replication_ip_allowlist")),
                Arguments.of("allowlist missing a member",
                        group(1, m -> new MemberSetup(m.name(), m.localAddress(), "127.0.0.1,127.0.0.2", m.seeds(), m.sslMode(), m.certFile(), m.certificateNames())),
                        List.of("member3's group_replication_local_address 127.0.0.3:3403 is not admitted by member1's group_replication_ip_allowlist '127.0.0.1,127.0.0.2': add 127.0.0.3")),
                Arguments.of("seed certificate names another address",
                        group(2, m -> new MemberSetup(m.name(), m.localAddress(), m.allowlist(), m.seeds(), m.sslMode(), m.certFile(), List.of("127.0.0.9"))),
                        List.of("seed 127.0.0.2:3402 in group_replication_group_seeds is member2, whose certificate (ssl_cert = /s/member2/cert.pem) names [127.0.0.9] but not 127.0.0.2: issue ssl_cert for member2 with an IP SAN 127.0.0.2")),
                Arguments.of("ssl_mode mismatch",
                        group(3, m -> new MemberSetup(m.name(), m.localAddress(), m.allowlist(), m.seeds(), "DISABLED", m.certFile(), m.certificateNames())),
                        List.of("group_replication_ssl_mode differs across members (VERIFY_IDENTITY: member1, member2; DISABLED: member3): set the same group_replication_ssl_mode on every member")),
                Arguments.of("invalid allowlist",
                        group(1, m -> new MemberSetup(m.name(), m.localAddress(), "127.0.0.1/40", m.seeds(), m.sslMode(), m.certFile(), m.certificateNames())),
                        List.of("member1: group_replication_ip_allowlist '127.0.0.1/40' is invalid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void problems(String name, List<MemberSetup> members, List<String> expectedPrefixes) {
        List<String> problems = Preflight.check(members);
        assertThat(problems).hasSize(expectedPrefixes.size() == 2 && name.startsWith("local") ? 2 : expectedPrefixes.size());
        for (int i = 0; i < expectedPrefixes.size(); i++) {
            assertThat(problems.get(i)).startsWith(expectedPrefixes.get(i));
        }
    }
}
