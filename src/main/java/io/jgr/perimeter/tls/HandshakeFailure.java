package io.jgr.perimeter.tls;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;
import java.util.Locale;

/**
 * Why a TLS handshake failed, in words an operator can act on. The JDK reports the same causes
 * under many exception types and messages; this is the one place that reads them.
 */
public enum HandshakeFailure {
    CERTIFICATE_EXPIRED("the peer's certificate has expired"),
    CERTIFICATE_NOT_YET_VALID("the peer's certificate is not yet valid"),
    CERTIFICATE_REVOKED("the peer's certificate is revoked by a CRL"),
    REVOCATION_UNKNOWN("the peer's certificate cannot be checked for revocation: no valid CRL from its issuer"),
    UNTRUSTED_CA("the peer's certificate is not issued by a trusted CA"),
    NO_CLIENT_CERTIFICATE("the peer presented no client certificate"),
    SERVER_IDENTITY(PeerTrustManager.SERVER_IDENTITY_FAILED),
    CLIENT_IDENTITY("the client certificate does not name the source address"),
    CERTIFICATE_REFUSED_BY_PEER("the peer refused this member's certificate"),
    CLIENT_CERTIFICATE_REQUIRED_BY_PEER("the peer requires a client certificate"),
    NO_COMMON_VERSION("no TLS version in common with the peer"),
    NO_COMMON_CIPHER("no cipher suite in common with the peer"),
    NOT_TLS("the peer did not start a TLS handshake (plaintext refused)"),
    PEER_CLOSED("the peer closed the connection during the TLS handshake"),
    TIMEOUT("the TLS handshake timed out"),
    OTHER("the TLS handshake failed");

    private final String text;

    HandshakeFailure(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The cause of {@code failure}, read from the whole exception chain. */
    public static HandshakeFailure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerTrustManager.IdentityException) {
                return t.getMessage().startsWith(PeerTrustManager.SERVER_IDENTITY_FAILED) ? SERVER_IDENTITY : CLIENT_IDENTITY;
            }
            if (t instanceof CertificateExpiredException) {
                return CERTIFICATE_EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return CERTIFICATE_NOT_YET_VALID;
            }
            if (t instanceof CertificateRevokedException) {
                return CERTIFICATE_REVOKED;
            }
            if (t instanceof CertPathValidatorException cpve) {
                if (cpve.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                    return CERTIFICATE_REVOKED;
                }
                if (cpve.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                    return REVOCATION_UNKNOWN;
                }
                if (cpve.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return CERTIFICATE_EXPIRED;
                }
                if (cpve.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return CERTIFICATE_NOT_YET_VALID;
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            HandshakeFailure byMessage = fromMessage(t);
            if (byMessage != null) {
                return byMessage;
            }
            if (t instanceof SocketTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof EOFException || t instanceof SocketException) {
                return PEER_CLOSED;
            }
        }
        return OTHER;
    }

    private static HandshakeFailure fromMessage(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("received fatal alert: ")) {
            String alert = m.substring(m.indexOf("received fatal alert: ") + 22).trim();
            return switch (alert) {
                case "protocol_version" -> NO_COMMON_VERSION;
                case "handshake_failure", "insufficient_security" -> NO_COMMON_CIPHER;
                case "certificate_required" -> CLIENT_CERTIFICATE_REQUIRED_BY_PEER;
                case "bad_certificate", "certificate_unknown", "unknown_ca", "certificate_expired",
                     "certificate_revoked", "unsupported_certificate", "access_denied" -> CERTIFICATE_REFUSED_BY_PEER;
                default -> OTHER;
            };
        }
        if (m.contains("empty client certificate chain") || m.contains("empty server certificate chain")) {
            return NO_CLIENT_CERTIFICATE;
        }
        if (m.contains("unable to find valid certification path") || m.contains("no trust anchor")
                || m.contains("path does not chain with any of the trust anchors")) {
            return UNTRUSTED_CA;
        }
        if (m.contains("no cipher suites in common") || m.contains("no negotiable cipher suite")) {
            return NO_COMMON_CIPHER;
        }
        if (m.contains("protocol is disabled") || m.contains("no appropriate protocol")
                || (m.contains("client requested protocol") && m.contains("not enabled"))
                || m.contains("the client supported protocol versions") || m.contains("not enabled or supported")) {
            return NO_COMMON_VERSION;
        }
        if (m.contains("unsupported or unrecognized ssl message") || m.contains("plaintext connection")) {
            return NOT_TLS;
        }
        if (m.contains("remote host terminated the handshake") || m.contains("connection reset")
                || m.contains("broken pipe") || m.contains("socket closed")) {
            return PEER_CLOSED;
        }
        if (m.contains("read timed out")) {
            return TIMEOUT;
        }
        return null;
    }

    /** The full operator text: the reason, and for identity failures the names involved. */
    public static String describe(Throwable failure) {
        HandshakeFailure kind = classify(failure);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerTrustManager.IdentityException) {
                return t.getMessage();
            }
        }
        return kind.text();
    }
}
