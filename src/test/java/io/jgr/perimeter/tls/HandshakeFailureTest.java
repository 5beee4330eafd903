package io.jgr.perimeter.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JDK's handshake messages (JDK 17 wording) and the reasons they mean. */
class HandshakeFailureTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Received fatal alert: protocol_version | NO_COMMON_VERSION",
        "Client requested protocol TLSv1.2 is not enabled or supported in server context | NO_COMMON_VERSION",
        "No appropriate protocol (protocol is disabled or cipher suites are inappropriate) | NO_COMMON_VERSION",
        "no cipher suites in common | NO_COMMON_CIPHER",
        "Received fatal alert: handshake_failure | NO_COMMON_CIPHER",
        "Received fatal alert: bad_certificate | CERTIFICATE_REFUSED_BY_PEER",
        "Received fatal alert: certificate_required | CLIENT_CERTIFICATE_REQUIRED_BY_PEER",
        "Empty client certificate chain | NO_CLIENT_CERTIFICATE",
        "PKIX path building failed: unable to find valid certification path to requested target | UNTRUSTED_CA",
        "Unsupported or unrecognized SSL message | NOT_TLS",
        "Remote host terminated the handshake | PEER_CLOSED",
        "something new | OTHER",
    })
    void messages(String message, HandshakeFailure expected) {
        assertThat(HandshakeFailure.classify(new SSLHandshakeException(message))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"REVOKED, CERTIFICATE_REVOKED", "UNDETERMINED_REVOCATION_STATUS, REVOCATION_UNKNOWN",
        "EXPIRED, CERTIFICATE_EXPIRED", "NOT_YET_VALID, CERTIFICATE_NOT_YET_VALID"})
    void pathValidatorReasons(CertPathValidatorException.BasicReason reason, HandshakeFailure expected) {
        CertificateException wrapped = new CertificateException("PKIX path validation failed",
                new CertPathValidatorException("x", null, null, -1, reason));
        SSLHandshakeException e = new SSLHandshakeException("wrapped");
        e.initCause(wrapped);
        assertThat(HandshakeFailure.classify(e)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void socketLevelCauses() {
        assertThat(HandshakeFailure.classify(new SocketTimeoutException("Read timed out"))).isEqualTo(HandshakeFailure.TIMEOUT);
        assertThat(HandshakeFailure.classify(new EOFException())).isEqualTo(HandshakeFailure.PEER_CLOSED);
    }
}
