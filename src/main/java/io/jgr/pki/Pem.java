package io.jgr.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text of certificates, CRLs and private keys, as OpenSSL writes them. */
public final class Pem {
    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        return certificates(List.of(certificate));
    }

    /** Several certificates, one block each, in order (a chain or a CA bundle). */
    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                out.append(block("CERTIFICATE", c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encode certificate", e);
            }
        }
        return out.toString();
    }

    public static String crl(X509CRL crl) {
        try {
            return block("X509 CRL", crl.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode CRL", e);
        }
    }

    /**
     * The private key of {@code keys} in {@code format}: PKCS#8 for any key, PKCS#1 for RSA, SEC1
     * (with the curve and public key, as {@code openssl ec} writes it) for EC.
     */
    public static String privateKey(KeyPair keys, KeyFormat format) {
        String algorithm = keys.getPrivate().getAlgorithm();
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            return switch (format) {
                case PKCS8 -> block("PRIVATE KEY", info.getEncoded());
                case PKCS1 -> {
                    require("RSA".equals(algorithm), "PKCS#1 holds only RSA keys, not " + algorithm);
                    yield block("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
                }
                case SEC1 -> {
                    require("EC".equals(algorithm), "SEC1 holds only EC keys, not " + algorithm);
                    yield block("EC PRIVATE KEY", sec1(keys, info).getEncoded());
                }
            };
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode private key", e);
        }
    }

    private static ASN1Primitive sec1(KeyPair keys, PrivateKeyInfo info) throws IOException {
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        java.security.interfaces.ECPrivateKey jca = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
        int orderBits = jca.getParams().getOrder().bitLength();
        return new ECPrivateKey(orderBits, inner.getKey(), publicInfo.getPublicKeyData(), curve).toASN1Primitive();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String block(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
