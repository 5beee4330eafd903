package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.perimeter.net.MemberTls;
import io.jgr.perimeter.tls.SslMode;
import io.jgr.testing.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Members behind the real member TLS ({@code perimeter.tls.GroupTls}) in each checking mode. */
class GroupTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final GroupPki PKI = GroupPki.INSTANCE;
    private static final String REFUSAL = "TLS handshake with the connection from IP address 127.0.0.3 failed";
    private final List<Group> groups = new ArrayList<>();

    @AfterEach
    void closeAll() {
        groups.forEach(Group::close);
    }

    private Group start(TestMembers t, int i, MemberTls tls, AdmissionGate gate) throws Exception {
        Group g = Group.join(t.config(i, i == 1, gate, tls), new TestMembers.Recorder(), m -> { });
        groups.add(g);
        if (i != 1) {
            g.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return g;
    }

    @Test
    void verifyIdentityGroupFormsAndAnImpostorWithAnotherMembersCertificateIsRefused() throws Exception {
        TestMembers t = new TestMembers(3);
        start(t, 1, PKI.tls(SslMode.VERIFY_IDENTITY, "member1"), p -> true);
        start(t, 2, PKI.tls(SslMode.VERIFY_IDENTITY, "member2"), p -> true);
        await().atMost(WAIT).until(() -> groups.get(0).membership().count(MemberState.ONLINE) == 2);
        assertThat(groups.get(1).broadcast(new byte[] {1, 2, 3}).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1L);

        try (LogCapture log = LogCapture.open()) {
            MemberTls impostor = PKI.tls(SslMode.VERIFY_IDENTITY, "member1"); // valid, but names 127.0.0.1
            assertThatThrownBy(() -> start(t, 3, impostor, p -> true)).isInstanceOf(JoinFailedException.class);
            assertThat(log.linesContaining(REFUSAL)).isNotEmpty()
                    .allMatch(l -> l.contains("does not name the source address 127.0.0.3"));
        }
        assertThat(groups.get(0).membership().members()).hasSize(2);
    }

    @Test
    void verifyCaRefusesForeignAndRevokedCertificatesAndResetsARefusedSourceBeforeTls() throws Exception {
        TestMembers t = new TestMembers(4);
        InetAddress refused = TestMembers.loopback(4);
        AdmissionGate gate = peer -> !peer.equals(refused);
        start(t, 1, PKI.tls(SslMode.VERIFY_CA, "member1"), gate);

        // A silent but admitted peer holds a handshake slot; accepting goes on without waiting for it.
        try (Socket silent = new Socket()) {
            silent.bind(new InetSocketAddress(TestMembers.loopback(5), 0));
            silent.connect(t.addresses.get(0), 3000);
            start(t, 2, PKI.tls(SslMode.VERIFY_CA, "member2"), gate);
            assertThat(RawProbe.from(refused, t.addresses.get(0))).isEqualTo(RawProbe.Outcome.RESET_ZERO_BYTES);
        }

        for (List<String> bad : List.of(List.of("foreign3", "Path does not chain with any of the trust anchors"),
                List.of("revoked3", "Certificate has been revoked"))) {
            try (LogCapture log = LogCapture.open()) {
                assertThatThrownBy(() -> start(t, 3, PKI.tls(SslMode.VERIFY_CA, bad.get(0)), gate))
                        .as(bad.get(0)).isInstanceOf(JoinFailedException.class);
                assertThat(log.linesContaining(REFUSAL)).as(bad.get(0)).isNotEmpty()
                        .anyMatch(l -> l.contains(bad.get(1)));
            }
        }
        assertThat(groups.get(0).membership().members()).hasSize(2);
    }

    @Test
    void requiredGroupDeliversAndADisabledMemberCannotJoinIt() throws Exception {
        TestMembers t = new TestMembers(3);
        start(t, 1, PKI.tls(SslMode.REQUIRED, "member1"), p -> true);
        start(t, 2, PKI.tls(SslMode.REQUIRED, "member2"), p -> true);
        await().atMost(WAIT).until(() -> groups.get(1).membership().count(MemberState.ONLINE) == 2);
        assertThat(groups.get(0).broadcast(new byte[] {9}).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1L);
        assertThatThrownBy(() -> start(t, 3, PKI.tls(SslMode.DISABLED, "member3"), p -> true))
                .isInstanceOf(JoinFailedException.class);
    }
}
