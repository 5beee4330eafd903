package io.jgr.sql.protocol;

import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.PkiFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test PKI for client TLS: a CA, a server certificate for IP 127.0.0.1 and DNS localhost, a
 * client certificate; the CA as PEM (for the mariadb CLI) and as a PKCS12 truststore (for Connector/J).
 */
final class TestTls {
    static final char[] STORE_PASSWORD = "changeit".toCharArray();

    final CertificateAuthority ca = CertificateAuthority.root("jgr test CA", KeyAlgorithm.EC_P256);
    final IssuedCertificate server = ca.issue(CertificateRequest.leaf("jgr member").ip("127.0.0.1").dns("localhost"));
    final IssuedCertificate client = ca.issue(CertificateRequest.leaf("jgr client"));
    final Path dir;
    final Path caPem;
    final Path truststore;
    final Path clientCertPem;
    final Path clientKeyPem;

    TestTls() throws IOException, GeneralSecurityException {
        dir = Files.createTempDirectory("jgr-wire-tls");
        caPem = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
        clientCertPem = PkiFiles.writeCertificates(dir.resolve("client-cert.pem"), client.presentedChain());
        clientKeyPem = PkiFiles.writeKey(dir.resolve("client-key.pem"), client.keyPair(), io.jgr.pki.KeyFormat.PKCS8);
        truststore = dir.resolve("truststore.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, STORE_PASSWORD);
        }
    }

    SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.keyPair().getPrivate(), STORE_PASSWORD,
                server.presentedChain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    String truststoreUrl() {
        return truststore.toUri().toString();
    }
}
