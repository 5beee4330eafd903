package io.jgr.testing.cluster;

import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.KeyFormat;
import io.jgr.pki.PkiFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/**
 * A test PKI for a cluster: one CA (EC P-256), a certificate per member naming its IP (IP SAN) and
 * {@code localhost}, PEM files for the {@code ssl_*} options and the mariadb client, and a PKCS#12
 * trust store for Connector/J ({@link #connectorJTrustOptions()}).
 */
public final class ClusterPki {
    public static final String STORE_PASSWORD = "changeit";

    private final CertificateAuthority ca;
    private final Path dir;
    private final Path caPem;
    private final Path truststore;

    /** Files of one member's identity. */
    public record MemberCertificate(IssuedCertificate issued, Path certPem, Path keyPem) {
    }

    public ClusterPki(Path dir) {
        this(dir, "jgr test CA");
    }

    public ClusterPki(Path dir, String caName) {
        try {
            this.dir = Files.createDirectories(dir);
            this.ca = CertificateAuthority.root(caName, KeyAlgorithm.EC_P256);
            this.caPem = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
            this.truststore = dir.resolve("truststore.p12");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trust.store(out, STORE_PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public Path caPem() {
        return caPem;
    }

    /** Issues {@code <name>-cert.pem}/{@code <name>-key.pem} naming {@code ip} and localhost. */
    public MemberCertificate issue(String name, String ip) {
        return issue(name, CertificateRequest.leaf(name).ip(ip).dns("localhost"));
    }

    public MemberCertificate issue(String name, CertificateRequest request) {
        IssuedCertificate issued = ca.issue(request);
        try {
            Path cert = PkiFiles.writeCertificates(dir.resolve(name + "-cert.pem"), issued.presentedChain());
            Path key = PkiFiles.writeKey(dir.resolve(name + "-key.pem"), issued.keyPair(), KeyFormat.PKCS8);
            return new MemberCertificate(issued, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Revokes {@code certificate} and (re)writes this CA's CRL to {@code crl.pem} (for {@code ssl_crl});
     * a member reads the CRL when its TLS is loaded, so revoke before starting it.
     */
    public Path revoke(MemberCertificate certificate) {
        ca.revoke(certificate.issued().certificate());
        return writeCrl();
    }

    /** This CA's current CRL as {@code crl.pem} (empty until something is revoked). */
    public Path writeCrl() {
        try {
            return PkiFiles.writeCrls(dir.resolve("crl.pem"), List.of(ca.crl()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connector/J URL options for {@code sslMode=VERIFY_IDENTITY} against this CA. */
    public String connectorJTrustOptions() {
        return connectorJTrustOptions(true);
    }

    /** Connector/J URL options for {@code sslMode=VERIFY_IDENTITY} (or VERIFY_CA: the CA only) against this CA. */
    public String connectorJTrustOptions(boolean verifyIdentity) {
        return "sslMode=" + (verifyIdentity ? "VERIFY_IDENTITY" : "VERIFY_CA") + "&trustCertificateKeyStoreUrl=" + truststore.toUri()
                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=" + STORE_PASSWORD;
    }
}
