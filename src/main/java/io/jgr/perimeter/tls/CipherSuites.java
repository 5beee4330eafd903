package io.jgr.perimeter.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The protocols and suites a context enables, from {@code tls_version}, {@code ssl_cipher}
 * (TLS 1.2 suites) and {@code tls_ciphersuites} (TLS 1.3 suites), with MySQL's rules: an empty
 * {@code tls_ciphersuites} switches TLS 1.3 off; an unknown name is an error (jgr decision 10).
 *
 * @param protocols JDK protocol names
 * @param suites    IANA suite names in preference order
 */
public record CipherSuites(List<String> protocols, List<String> suites) {

    /** XCom's texts, kept as MySQL spells them. */
    static final String CIPHERS_FAILED = "Failed to set the list of chipers.";
    static final String CIPHERSUITES_FAILED = "Failed to set the list of ciphersuites. Check if the values configured "
            + "for ciphersuites are correct and valid and if the list is not empty";

    public CipherSuites {
        protocols = List.copyOf(protocols);
        suites = List.copyOf(suites);
    }

    public static CipherSuites select(TlsOptions options) throws TlsConfigException {
        List<String> protocols = new ArrayList<>(TlsVersions.parse(options.tlsVersion()));
        Set<String> jdk = Set.of(defaultContext().getSupportedSSLParameters().getCipherSuites());
        List<String> suites = new ArrayList<>();

        if (protocols.contains(TlsVersions.TLS13)) {
            List<String> tls13 = tls13Suites(options, jdk);
            if (tls13.isEmpty()) {
                protocols.remove(TlsVersions.TLS13);
                if (protocols.isEmpty()) {
                    throw new TlsConfigException(CIPHERSUITES_FAILED,
                            "TLSv1.3 is the only TLS version allowed and " + options.names().tlsCiphersuites() + " is empty");
                }
            }
            suites.addAll(tls13);
        }
        if (protocols.contains(TlsVersions.TLS12)) {
            suites.addAll(tls12Suites(options, jdk));
        }
        return new CipherSuites(protocols, suites);
    }

    private static List<String> tls13Suites(TlsOptions options, Set<String> jdk) throws TlsConfigException {
        String value = options.tlsCiphersuites();
        if (value == null) {
            return CipherNames.TLS13.stream().filter(jdk::contains).sorted().toList();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String token : value.split("[:,\\s]+")) {
            String name = token.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!CipherNames.TLS13.contains(name) || !jdk.contains(name)) {
                String why = CipherNames.TLS13_UNAVAILABLE.contains(name) ? "is not available in jgr" : "is not a TLSv1.3 ciphersuite";
                throw new TlsConfigException(CIPHERSUITES_FAILED,
                        options.names().tlsCiphersuites() + ": '" + token.trim() + "' " + why);
            }
            chosen.add(name);
        }
        return List.copyOf(chosen);
    }

    private static List<String> tls12Suites(TlsOptions options, Set<String> jdk) throws TlsConfigException {
        String value = options.cipher();
        if (value == null) {
            Set<String> enabledByDefault = Set.of(defaultContext().getDefaultSSLParameters().getCipherSuites());
            List<String> defaults = new ArrayList<>();
            for (String iana : CipherNames.tls12InPreferenceOrder()) {
                if (enabledByDefault.contains(iana)) {
                    defaults.add(iana);
                }
            }
            return defaults;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String token : value.split("[:,\\s]+")) {
            String name = token.trim();
            // OpenSSL exclusions ("!aNULL", "-MD5") only remove; jgr enables named suites only.
            if (name.isEmpty() || name.startsWith("!") || name.startsWith("-")) {
                continue;
            }
            String iana = CipherNames.tls12Iana(name).orElse(null);
            if (iana == null || !jdk.contains(iana)) {
                String why = CipherNames.TLS13.contains(name.toUpperCase(Locale.ROOT))
                        ? "is a TLSv1.3 ciphersuite: set it in " + options.names().tlsCiphersuites()
                        : "is not a cipher jgr knows (OpenSSL or IANA name)";
                throw new TlsConfigException(CIPHERS_FAILED, options.names().cipher() + ": '" + name + "' " + why);
            }
            chosen.add(iana);
        }
        if (chosen.isEmpty()) {
            throw new TlsConfigException(CIPHERS_FAILED, options.names().cipher() + " names no cipher");
        }
        return List.copyOf(chosen);
    }

    private static SSLContext defaultContext() throws TlsConfigException {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new TlsConfigException("SSL_CTX_new failed", e);
        }
    }
}
