package io.jgr.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests and the sandbox: a root or an intermediate that issues member
 * certificates, intermediates, revocations and CRLs. Certificates follow what OpenSSL and the JDK
 * expect of a real PKI (basic constraints, key usage, key identifiers, extended key usage, SANs).
 * Thread-safe.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    /** This CA's issuers, direct issuer first, root last; empty for a root. */
    private final List<X509Certificate> issuers;
    private final Map<BigInteger, Instant> revoked = new LinkedHashMap<>();

    private CertificateAuthority(KeyPair keyPair, X509Certificate certificate, List<X509Certificate> issuers) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.issuers = List.copyOf(issuers);
    }

    /** A root CA kept on disk (its certificate and key read back), to issue more certificates later. */
    public static CertificateAuthority existingRoot(KeyPair keyPair, X509Certificate certificate) {
        return new CertificateAuthority(keyPair, certificate, List.of());
    }

    /** A self-signed root valid from an hour ago for ten years. */
    public static CertificateAuthority root(String commonName, KeyAlgorithm algorithm) {
        Instant now = Instant.now();
        return root(commonName, algorithm, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)));
    }

    public static CertificateAuthority root(String commonName, KeyAlgorithm algorithm, Instant notBefore, Instant notAfter) {
        KeyPair keys = algorithm.generate();
        X500Name name = name(commonName);
        X509Certificate cert = sign(keys, keys.getPublic(), name, name, notBefore, notAfter, null,
                b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        return new CertificateAuthority(keys, cert, List.of());
    }

    /** An intermediate CA signed by this one, valid as long as this one. */
    public CertificateAuthority intermediate(String commonName, KeyAlgorithm algorithm) {
        KeyPair keys = algorithm.generate();
        X509Certificate cert = sign(keyPair, keys.getPublic(), x500(certificate),
                name(commonName), certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), certificate,
                b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuers);
        return new CertificateAuthority(keys, cert, chain);
    }

    /** A leaf certificate for a member (or a client), signed by this CA. */
    public IssuedCertificate issue(CertificateRequest request) {
        KeyPair keys = request.keyAlgorithm().generate();
        X509Certificate cert = sign(keyPair, keys.getPublic(), x500(certificate),
                name(request.commonName()), request.notBefore(), request.notAfter(), certificate, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    int usage = KeyUsage.digitalSignature
                            | (request.keyAlgorithm() == KeyAlgorithm.RSA_2048 ? KeyUsage.keyEncipherment : 0);
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                    List<KeyPurposeId> purposes = new ArrayList<>();
                    if (request.serverAuth()) {
                        purposes.add(KeyPurposeId.id_kp_serverAuth);
                    }
                    if (request.clientAuth()) {
                        purposes.add(KeyPurposeId.id_kp_clientAuth);
                    }
                    if (!purposes.isEmpty()) {
                        b.addExtension(Extension.extendedKeyUsage, false,
                                new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
                    }
                    List<GeneralName> names = new ArrayList<>();
                    for (String ip : request.ipAddresses()) {
                        names.add(new GeneralName(GeneralName.iPAddress, ip));
                    }
                    for (String dns : request.dnsNames()) {
                        names.add(new GeneralName(GeneralName.dNSName, dns));
                    }
                    if (!names.isEmpty()) {
                        b.addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(names.toArray(GeneralName[]::new)));
                    }
                });
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuers);
        return new IssuedCertificate(keys, cert, chain);
    }

    /** Lists a certificate this CA issued in its next CRLs. */
    public synchronized void revoke(X509Certificate issued) {
        if (!issued.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            throw new IllegalArgumentException("not issued by this CA: " + issued.getSubjectX500Principal());
        }
        revoked.put(issued.getSerialNumber(), Instant.now().minus(Duration.ofMinutes(1)));
    }

    /** A CRL of everything revoked so far, issued a minute ago and valid for a week. */
    public X509CRL crl() {
        Instant now = Instant.now();
        return crl(now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(7)));
    }

    public synchronized X509CRL crl(Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(x500(certificate), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (Map.Entry<BigInteger, Instant> e : revoked.entrySet()) {
                builder.addCRLEntry(e.getKey(), Date.from(e.getValue()), CRLReason.keyCompromise);
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.cRLNumber, false,
                    new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(System.currentTimeMillis())));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(keyPair)));
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot build CRL", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** This CA's certificate then its issuers up to the root. */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuers);
        return chain;
    }

    /** The root of this CA's chain (this CA itself for a root). */
    public X509Certificate rootCertificate() {
        return issuers.isEmpty() ? certificate : issuers.get(issuers.size() - 1);
    }

    public X500Principal subject() {
        return certificate.getSubjectX500Principal();
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws org.bouncycastle.cert.CertIOException, GeneralSecurityException;
    }

    private static X509Certificate sign(KeyPair signerKeys, java.security.PublicKey subjectKey,
                                        X500Name issuer, X500Name subject, Instant notBefore, Instant notAfter,
                                        X509Certificate issuerCert, Extensions extensions) {
        try {
            BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                    ? utils.createAuthorityKeyIdentifier(subjectKey)
                    : utils.createAuthorityKeyIdentifier(issuerCert));
            extensions.add(builder);
            X509CertificateHolder holder = builder.build(signer(signerKeys));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot issue certificate for " + subject, e);
        }
    }

    private static ContentSigner signer(KeyPair keys) {
        try {
            return new JcaContentSignerBuilder(KeyAlgorithm.of(keys).signatureAlgorithm()).build(keys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500Name("CN=" + commonName.replace(",", "\\,") + ",O=jgr");
    }

    private static X500Name x500(X509Certificate cert) {
        return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    }
}
