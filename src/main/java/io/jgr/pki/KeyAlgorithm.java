package io.jgr.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key types the toolkit issues: what MySQL deployments commonly use. */
public enum KeyAlgorithm {
    RSA_2048("RSA", "SHA256withRSA"),
    EC_P256("EC", "SHA256withECDSA");

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** A fresh key pair of this type. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (this == RSA_2048) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + name() + " key", e);
        }
    }

    /** The signature algorithm a CA holding this key type signs with. */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The algorithm of an existing key ({@code RSA} or {@code EC}). */
    static KeyAlgorithm of(KeyPair keyPair) {
        return "RSA".equals(keyPair.getPrivate().getAlgorithm()) ? RSA_2048 : EC_P256;
    }
}
