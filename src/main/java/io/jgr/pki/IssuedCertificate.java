package io.jgr.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate with its key pair and the chain a TLS peer presents.
 *
 * @param keyPair     the subject's keys
 * @param certificate the certificate
 * @param issuers     the issuing CAs from the direct issuer up to and including the root
 */
public record IssuedCertificate(KeyPair keyPair, X509Certificate certificate, List<X509Certificate> issuers) {

    public IssuedCertificate {
        issuers = List.copyOf(issuers);
    }

    /** Leaf then intermediates, without the root: what a server sends and what {@code ssl_cert} holds. */
    public List<X509Certificate> presentedChain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        if (issuers.size() > 1) {
            chain.addAll(issuers.subList(0, issuers.size() - 1));
        }
        return chain;
    }

    /** Private key PEM in the given format. */
    public String privateKeyPem(KeyFormat format) {
        return Pem.privateKey(keyPair, format);
    }

    /** PEM of {@link #presentedChain()}. */
    public String chainPem() {
        return Pem.certificates(presentedChain());
    }
}
