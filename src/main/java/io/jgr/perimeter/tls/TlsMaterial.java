package io.jgr.perimeter.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * TLS material loaded from one {@link TlsOptions} set: this server's identity (key and certificate
 * chain), the CAs it trusts (null = the JDK's default CAs, as OpenSSL's default verify paths), the
 * CRLs, and the protocols and suites to enable. Immutable; {@link #toString()} never shows the key.
 */
public final class TlsMaterial {
    private final TlsOptions options;
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final List<X509Certificate> trusted;
    private final List<X509CRL> crls;
    private final CipherSuites cipherSuites;

    private TlsMaterial(TlsOptions options, PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted,
                        List<X509CRL> crls, CipherSuites cipherSuites) {
        this.options = options;
        this.key = key;
        this.chain = chain == null ? null : List.copyOf(chain);
        this.trusted = trusted == null ? null : List.copyOf(trusted);
        this.crls = List.copyOf(crls);
        this.cipherSuites = cipherSuites;
    }

    /**
     * Loads and checks everything the options name, with MySQL's rules:
     * <ul>
     * <li>only one of key and certificate given: that file is used for both, with MySQL's warning;</li>
     * <li>neither: an error if {@code identityRequired}, else no identity (a client without certificate);</li>
     * <li>key not matching the certificate: {@code Private key is not properly loaded};</li>
     * <li>a CA file or directory that yields no certificate: MySQL's two CA lines;</li>
     * <li>then {@code tls_version}, {@code ssl_cipher}, {@code tls_ciphersuites} ({@link CipherSuites}).</li>
     * </ul>
     *
     * @param warnings receives MySQL's warning texts (e.g. a file reused for key and certificate)
     */
    public static TlsMaterial load(TlsOptions options, boolean identityRequired, Consumer<String> warnings)
            throws TlsConfigException {
        String certFile = options.cert();
        String keyFile = options.key();
        if (certFile == null && keyFile == null) {
            if (identityRequired) {
                throw new TlsConfigException("Both the certification file and the key file cannot be None");
            }
        } else if (certFile == null) {
            warnings.accept("Using the key file also as a certification file: " + keyFile);
            certFile = keyFile;
        } else if (keyFile == null) {
            warnings.accept("Using the certification file also as a key file: " + certFile);
            keyFile = certFile;
        }

        PrivateKey key = null;
        List<X509Certificate> chain = null;
        if (certFile != null) {
            try {
                chain = PemFiles.certificates(Path.of(certFile));
            } catch (IOException e) {
                throw new TlsConfigException("Unable to get certificate from '" + certFile + "'", e, e.getMessage());
            }
            if (chain.isEmpty()) {
                throw new TlsConfigException("Unable to get certificate from '" + certFile + "'",
                        "no certificate in " + certFile);
            }
            try {
                key = PemFiles.privateKey(Path.of(keyFile));
            } catch (IOException e) {
                throw new TlsConfigException("Unable to get private key from '" + keyFile + "'", e, e.getMessage());
            }
            if (!matches(key, chain.get(0).getPublicKey())) {
                throw new TlsConfigException("Private key is not properly loaded",
                        "the private key in " + keyFile + " does not belong to the certificate in " + certFile);
            }
        }

        List<X509Certificate> trusted = null;
        if (options.ca() != null || options.capath() != null) {
            trusted = new ArrayList<>();
            try {
                if (options.ca() != null) {
                    trusted.addAll(PemFiles.certificates(Path.of(options.ca())));
                }
                if (options.capath() != null) {
                    trusted.addAll(PemFiles.certificatesIn(Path.of(options.capath())));
                }
            } catch (IOException e) {
                trusted.clear();
            }
            if (trusted.isEmpty()) {
                throw new TlsConfigException("Cannot use default locations because ca_file or ca_path has been specified",
                        "Failed to locate and verify ca_file: '" + nullText(options.ca()) + "' ca_path: '"
                                + nullText(options.capath()) + "'");
            }
        }

        List<X509CRL> crls = new ArrayList<>();
        if (options.crl() != null) {
            try {
                crls.addAll(PemFiles.crls(Path.of(options.crl())));
            } catch (IOException e) {
                throw crlError(options, e.getMessage());
            }
            if (crls.isEmpty()) {
                throw crlError(options, "no CRL in " + options.crl());
            }
        }
        if (options.crlpath() != null) {
            try {
                crls.addAll(PemFiles.crlsIn(Path.of(options.crlpath())));
            } catch (IOException e) {
                throw crlError(options, e.getMessage());
            }
        }

        return new TlsMaterial(options, key, chain, trusted, crls, CipherSuites.select(options));
    }

    private static TlsConfigException crlError(TlsOptions options, String detail) {
        return new TlsConfigException("Failed to load the CRLs in crl_file: '" + nullText(options.crl())
                + "' crl_path: '" + nullText(options.crlpath()) + "'", detail);
    }

    /** True when the private key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey certKey) {
        if (!key.getAlgorithm().equals(certKey.getAlgorithm())) {
            return false;
        }
        String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA"
                : "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : null;
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certKey);
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String nullText(String v) {
        return v == null ? "" : v;
    }

    public TlsOptions options() {
        return options;
    }

    /** False for a client configured without key and certificate. */
    public boolean hasIdentity() {
        return key != null;
    }

    PrivateKey key() {
        return key;
    }

    /** The certificate chain this side presents (leaf first), or null. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Trusted CA certificates from ssl_ca / ssl_capath, or null for the JDK's default CAs. */
    public List<X509Certificate> trusted() {
        return trusted;
    }

    public List<X509CRL> crls() {
        return crls;
    }

    public CipherSuites cipherSuites() {
        return cipherSuites;
    }

    @Override
    public String toString() {
        return "TlsMaterial[cert=" + (chain == null ? "none" : chain.get(0).getSubjectX500Principal().getName())
                + ", trusted=" + (trusted == null ? "default" : trusted.size()) + ", crls=" + crls.size()
                + ", protocols=" + cipherSuites.protocols() + "]";
    }
}
