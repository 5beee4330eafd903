package io.jgr.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PkiTest {
    private static final CertificateAuthority ROOT = CertificateAuthority.root("jgr test CA", KeyAlgorithm.EC_P256);

    @Test
    void leafCarriesSansUsagesAndVerifiesThroughAnIntermediate() throws Exception {
        CertificateAuthority intermediate = ROOT.intermediate("jgr intermediate", KeyAlgorithm.RSA_2048);
        IssuedCertificate leaf = intermediate.issue(CertificateRequest.leaf("member1").ip("127.0.0.1", "::1").dns("localhost"));

        assertThat(leaf.certificate().getSubjectAlternativeNames())
                .extracting(n -> n.get(1).toString())
                .containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1", "localhost");
        assertThat(leaf.certificate().getExtendedKeyUsage())
                .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.presentedChain()).containsExactly(leaf.certificate(), intermediate.certificate());
        assertThat(intermediate.certificate().getBasicConstraints()).isZero();

        validate(leaf.presentedChain(), List.of(ROOT.crl(), intermediate.crl()));
    }

    @Test
    void revokedCertificateFailsPkixWithItsCrl() throws Exception {
        CertificateAuthority ca = CertificateAuthority.root("revoking CA", KeyAlgorithm.EC_P256);
        IssuedCertificate leaf = ca.issue(CertificateRequest.leaf("gone").ip("127.0.0.1"));
        validate(List.of(leaf.certificate()), List.of(ca.crl()), ca.certificate());
        ca.revoke(leaf.certificate());
        X509CRL crl = ca.crl();
        assertThat(crl.isRevoked(leaf.certificate())).isTrue();
        assertThatThrownBy(() -> validate(List.of(leaf.certificate()), List.of(crl), ca.certificate()))
                .isInstanceOf(CertPathValidatorException.class)
                .extracting(e -> ((CertPathValidatorException) e).getReason())
                .isEqualTo(CertPathValidatorException.BasicReason.REVOKED);
    }

    @Test
    void expiredNotYetValidAndForeignCertificates() throws Exception {
        X509Certificate expired = ROOT.issue(CertificateRequest.leaf("old").expired()).certificate();
        X509Certificate early = ROOT.issue(CertificateRequest.leaf("early").notYetValid()).certificate();
        assertThatThrownBy(expired::checkValidity).isInstanceOf(CertificateExpiredException.class);
        assertThatThrownBy(early::checkValidity).isInstanceOf(CertificateNotYetValidException.class);

        CertificateAuthority foreign = CertificateAuthority.root("jgr test CA", KeyAlgorithm.EC_P256);
        X509Certificate stranger = foreign.issue(CertificateRequest.leaf("stranger")).certificate();
        assertThatThrownBy(() -> validate(List.of(stranger), List.of(ROOT.crl())))
                .isInstanceOf(CertPathValidatorException.class);
    }

    static Stream<Arguments> keyFormats() {
        return Stream.of(
                Arguments.of(KeyAlgorithm.RSA_2048, KeyFormat.PKCS8, "-----BEGIN PRIVATE KEY-----"),
                Arguments.of(KeyAlgorithm.RSA_2048, KeyFormat.PKCS1, "-----BEGIN RSA PRIVATE KEY-----"),
                Arguments.of(KeyAlgorithm.EC_P256, KeyFormat.PKCS8, "-----BEGIN PRIVATE KEY-----"),
                Arguments.of(KeyAlgorithm.EC_P256, KeyFormat.SEC1, "-----BEGIN EC PRIVATE KEY-----"));
    }

    @ParameterizedTest
    @MethodSource("keyFormats")
    void privateKeyPemRoundTripsInEachFormat(KeyAlgorithm algorithm, KeyFormat format, String header) throws Exception {
        KeyPair keys = algorithm.generate();
        String pem = Pem.privateKey(keys, format);
        assertThat(pem).startsWith(header);
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key = parsed instanceof PEMKeyPair pair
                    ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) parsed);
            String signatureAlgorithm = algorithm == KeyAlgorithm.RSA_2048 ? "SHA256withRSA" : "SHA256withECDSA";
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(new byte[] {1, 2, 3});
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(keys.getPublic());
            verifier.update(new byte[] {1, 2, 3});
            assertThat(verifier.verify(signer.sign())).isTrue();
        }
    }

    @Test
    void formatThatCannotHoldTheKeyIsRefused() {
        assertThatThrownBy(() -> Pem.privateKey(KeyAlgorithm.EC_P256.generate(), KeyFormat.PKCS1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.privateKey(KeyAlgorithm.RSA_2048.generate(), KeyFormat.SEC1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subjectHashMatchesOpenSsl() {
        // Values printed by `openssl x509 -hash` for certificates with these subjects.
        assertThat(OpenSslHash.of(new X500Principal("CN=jgr test CA,O=jgr"))).isEqualTo("d068bbed");
        assertThat(OpenSslHash.of(new X500Principal("CN=  JGR   Test  CA,O=JGR"))).isEqualTo("d068bbed");
    }

    @Test
    void filesAndHashedDirectories(@TempDir Path dir) throws Exception {
        CertificateAuthority other = CertificateAuthority.root("other CA", KeyAlgorithm.EC_P256);
        IssuedCertificate leaf = ROOT.issue(CertificateRequest.leaf("member").ip("127.0.0.1"));
        Path key = PkiFiles.writeKey(dir.resolve("key.pem"), leaf.keyPair(), KeyFormat.SEC1);
        assertThat(Files.getPosixFilePermissions(key)).hasSize(2);
        Path bundle = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ROOT.certificate(), other.certificate()));
        assertThat(parseCertificates(bundle)).containsExactly(ROOT.certificate(), other.certificate());

        List<Path> cas = PkiFiles.writeHashedCaDirectory(dir.resolve("capath"), List.of(ROOT.certificate(), other.certificate()));
        assertThat(cas.get(0).getFileName()).hasToString(OpenSslHash.of(ROOT.subject()) + ".0");
        List<Path> crls = PkiFiles.writeHashedCrlDirectory(dir.resolve("crlpath"), List.of(ROOT.crl(), ROOT.crl()));
        assertThat(crls).extracting(p -> p.getFileName().toString())
                .containsExactly(OpenSslHash.of(ROOT.subject()) + ".r0", OpenSslHash.of(ROOT.subject()) + ".r1");
        Path crlFile = PkiFiles.writeCrls(dir.resolve("crl.pem"), List.of(ROOT.crl(), other.crl()));
        assertThat(Files.readString(crlFile)).contains("-----BEGIN X509 CRL-----");
    }

    private static List<X509Certificate> parseCertificates(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            return certs.stream().map(c -> (X509Certificate) c).toList();
        }
    }

    private static void validate(List<X509Certificate> chain, List<X509CRL> crls) throws Exception {
        validate(chain, crls, ROOT.certificate());
    }

    private static void validate(List<X509Certificate> chain, List<X509CRL> crls, X509Certificate anchor) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        List<Object> store = new ArrayList<>(crls);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
        params.setRevocationEnabled(true);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
    }
}
