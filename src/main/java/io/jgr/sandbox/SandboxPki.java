package io.jgr.sandbox;

import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.KeyFormat;
import io.jgr.pki.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The sandbox's PKI on disk: {@code ca.pem} (the trusted CA certificates — one, or old+new during a
 * CA roll), {@code ca-key.pem} (0600), per member {@code cert.pem} (IP SAN = its address) and
 * {@code key.pem} (0600), and {@code truststore.p12} for Connector/J (public certificates only).
 */
public final class SandboxPki {
    /** Protects nothing secret (a trust store holds public certificates); Connector/J insists on one. */
    public static final String TRUSTSTORE_PASSWORD = "jgr-sandbox";

    private SandboxPki() {
    }

    public static CertificateAuthority newCa() {
        return CertificateAuthority.root("jgr sandbox CA " + java.time.LocalDate.now(), KeyAlgorithm.EC_P256);
    }

    public static CertificateAuthority loadCa(SandboxLayout layout) throws IOException {
        List<X509Certificate> certs = readCertificates(layout.caPem());
        X509Certificate last = certs.get(certs.size() - 1);   // the bundle lists the current CA last
        PrivateKey key = readPrivateKey(layout.caKeyPem());
        return CertificateAuthority.existingRoot(new KeyPair(last.getPublicKey(), key), last);
    }

    public static void writeCaKey(SandboxLayout layout, CertificateAuthority ca) throws IOException {
        Secrets.writeOwnerOnly(layout.caKeyPem(), Pem.privateKey(ca.keyPair(), KeyFormat.PKCS8));
    }

    /** Writes the trusted CA certificates ({@code ca.pem}) and the matching Connector/J trust store. */
    public static void writeTrusted(SandboxLayout layout, List<X509Certificate> cas) throws IOException {
        Secrets.writeAtomically(layout.caPem(), Pem.certificates(cas));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca" + i, cas.get(i));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            trust.store(bytes, TRUSTSTORE_PASSWORD.toCharArray());
            Path tmp = layout.truststore().resolveSibling("truststore.p12.tmp");
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, layout.truststore(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store: " + e.getMessage(), e);
        }
    }

    /** Issues and writes a member's certificate (IP SAN = its address, plus localhost) and key (0600). */
    public static IssuedCertificate issueMember(CertificateAuthority ca, SandboxMember m) throws IOException {
        IssuedCertificate issued = ca.issue(CertificateRequest.leaf("jgr " + m.name()).ip(m.address()).dns("localhost"));
        Files.createDirectories(m.dir());
        Secrets.writeOwnerOnly(m.keyPem(), issued.privateKeyPem(KeyFormat.PKCS8));
        Secrets.writeAtomically(m.certPem(), issued.chainPem());
        return issued;
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> list = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                list.add((X509Certificate) c);
            }
            if (list.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return list;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (o instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            throw new IOException("not a PKCS#8 private key: " + file);
        }
    }
}
