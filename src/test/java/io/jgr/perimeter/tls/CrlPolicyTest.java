package io.jgr.perimeter.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.pki.PkiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once CRLs are configured, every certificate in a peer's chain must be covered by a current CRL
 * of its issuer (OpenSSL's CRL_CHECK_ALL): a stale CRL, or none from the peer's CA, refuses.
 */
class CrlPolicyTest {
    private static final TestPki PKI = TestPki.INSTANCE;

    private static TlsHandshakeException refusalByAcceptor(Map<String, String> acceptor, String dialler) throws Exception {
        Map<String, String> d = PKI.options(SslMode.VERIFY_CA, dialler);
        d.put("ssl_capath", PKI.capath.toString());
        LoopbackPair.Outcome o = LoopbackPair.run(GroupTls.start(acceptor), LoopbackPair.member(GroupTls.start(d)));
        assertThat(o.connected()).isFalse();
        assertThat(o.acceptorFailure()).isInstanceOf(TlsHandshakeException.class);
        return (TlsHandshakeException) o.acceptorFailure();
    }

    @Test
    void staleCrlRefuses(@TempDir Path dir) throws Exception {
        Instant now = Instant.now();
        Path stale = PkiFiles.writeCrls(dir.resolve("stale.pem"),
                List.of(PKI.ca.crl(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)))));
        Map<String, String> acceptor = PKI.options(SslMode.VERIFY_CA, "good");
        acceptor.put("ssl_crl", stale.toString());
        assertThat(refusalByAcceptor(acceptor, "pkcs8").failure()).isEqualTo(HandshakeFailure.REVOCATION_UNKNOWN);
    }

    @Test
    void peerFromACaWithoutCrlRefuses() throws Exception {
        Map<String, String> acceptor = PKI.options(SslMode.VERIFY_CA, "good");
        acceptor.remove("ssl_ca");
        acceptor.put("ssl_capath", PKI.capath.toString());
        acceptor.put("ssl_crl", PKI.crlFile.toString()); // the group CA's CRL only
        assertThat(refusalByAcceptor(acceptor, "second").failure()).isEqualTo(HandshakeFailure.REVOCATION_UNKNOWN);
    }
}
