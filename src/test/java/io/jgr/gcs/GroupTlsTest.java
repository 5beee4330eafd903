package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.perimeter.net.TestMemberTls;
import io.jgr.perimeter.net.TestMemberTls.Mode;
import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
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

/**
 * Members behind TLS. Uses {@link TestMemberTls} (built from the PKI toolkit) until the real
 * MemberTls is on this branch.
 */
class GroupTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final CertificateAuthority CA = CertificateAuthority.root("jgr test group CA", KeyAlgorithm.EC_P256);
    private static final CertificateAuthority FOREIGN = CertificateAuthority.root("foreign CA", KeyAlgorithm.EC_P256);
    private final List<Group> groups = new ArrayList<>();

    @AfterEach
    void closeAll() {
        groups.forEach(Group::close);
    }

    private static TestMemberTls tls(Mode mode, CertificateAuthority ca, String ip) {
        IssuedCertificate cert = ca.issue(CertificateRequest.leaf("member " + ip).ip(ip));
        return new TestMemberTls(mode, cert, ca.rootCertificate(), ca.crl());
    }

    private Group start(TestMembers t, int i, TestMemberTls tls, AdmissionGate gate) throws Exception {
        GroupConfig config = t.config(i, i == 1, gate, tls);
        Group g = Group.join(config, new TestMembers.Recorder(), m -> { });
        groups.add(g);
        if (i != 1) {
            g.declareOnline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return g;
    }

    @Test
    void verifyIdentityGroupFormsAndAnImpostorWithAnotherMembersCertificateIsRefused() throws Exception {
        TestMembers t = new TestMembers(3);
        IssuedCertificate first = CA.issue(CertificateRequest.leaf("member 1").ip("127.0.0.1"));
        start(t, 1, new TestMemberTls(Mode.VERIFY_IDENTITY, first, CA.rootCertificate(), CA.crl()), p -> true);
        start(t, 2, tls(Mode.VERIFY_IDENTITY, CA, "127.0.0.2"), p -> true);
        await().atMost(WAIT).until(() -> groups.get(0).membership().count(MemberState.ONLINE) == 2);
        assertThat(groups.get(1).broadcast(new byte[] {1, 2, 3}).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1L);

        try (LogCapture log = LogCapture.open()) {
            TestMemberTls impostor = new TestMemberTls(Mode.VERIFY_IDENTITY, first, CA.rootCertificate(), CA.crl());
            assertThatThrownBy(() -> start(t, 3, impostor, p -> true)).isInstanceOf(JoinFailedException.class);
            assertThat(log.linesContaining("TLS handshake with the connection from IP address 127.0.0.3 failed"))
                    .anyMatch(l -> l.contains("client certificate SAN does not name source address 127.0.0.3"));
        }
        assertThat(groups.get(0).membership().members()).hasSize(2);
    }

    @Test
    void verifyCaRefusesAForeignCaAndTheRefusedSourceIsResetBeforeTls() throws Exception {
        TestMembers t = new TestMembers(4);
        InetAddress refused = TestMembers.loopback(4);
        AdmissionGate gate = peer -> !peer.equals(refused);
        start(t, 1, tls(Mode.VERIFY_CA, CA, "127.0.0.1"), gate);

        // A silent but admitted peer holds a handshake slot; accepting goes on without waiting for it.
        try (Socket silent = new Socket()) {
            silent.bind(new InetSocketAddress(TestMembers.loopback(5), 0));
            silent.connect(t.addresses.get(0), 3000);
            start(t, 2, tls(Mode.VERIFY_CA, CA, "127.0.0.2"), gate);
            assertThat(RawProbe.from(refused, t.addresses.get(0))).isEqualTo(RawProbe.Outcome.RESET_ZERO_BYTES);
        }

        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> start(t, 3, tls(Mode.VERIFY_CA, FOREIGN, "127.0.0.3"), gate))
                    .isInstanceOf(JoinFailedException.class);
            assertThat(log.linesContaining("TLS handshake with the connection from IP address 127.0.0.3 failed"))
                    .isNotEmpty();
        }
        assertThat(groups.get(0).membership().members()).hasSize(2);
    }

    @Test
    void requiredModeGroupDeliversInOrder() throws Exception {
        TestMembers t = new TestMembers(2);
        start(t, 1, tls(Mode.REQUIRED, CA, "127.0.0.1"), p -> true);
        start(t, 2, tls(Mode.REQUIRED, FOREIGN, "127.0.0.2"), p -> true); // REQUIRED verifies nothing
        await().atMost(WAIT).until(() -> groups.get(1).membership().count(MemberState.ONLINE) == 2);
        assertThat(groups.get(0).broadcast(new byte[] {9}).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1L);
    }
}
