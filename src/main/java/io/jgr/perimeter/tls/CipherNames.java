package io.jgr.perimeter.tls;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of cipher-suite names: OpenSSL's (what MySQL's {@code ssl_cipher} and
 * {@code Ssl_cipher} use) against IANA's (what the JDK uses). Only suites the JDK can run and MySQL
 * permits are listed; TLS 1.3 suites have the same name in both worlds.
 */
public final class CipherNames {
    /** OpenSSL name → IANA name, TLS 1.2 suites, strongest first. */
    private static final Map<String, String> TLS12 = new LinkedHashMap<>();
    /** TLS 1.3 suites the JDK implements (OpenSSL's CCM suites are not among them). */
    static final Set<String> TLS13 = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    /** TLS 1.3 suites OpenSSL knows but jgr cannot offer. */
    static final Set<String> TLS13_UNAVAILABLE = Set.of("TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    static {
        t("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        t("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        t("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        t("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        t("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        t("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        t("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
        t("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        t("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        t("DHE-DSS-AES256-GCM-SHA384", "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384");
        t("DHE-DSS-AES128-GCM-SHA256", "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256");
        t("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
        t("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
        t("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
        t("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        t("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256");
        t("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256");
        t("DHE-DSS-AES256-SHA256", "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256");
        t("DHE-DSS-AES128-SHA256", "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256");
        t("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
        t("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
        t("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        t("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
        t("DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA");
        t("DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA");
        t("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384");
        t("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256");
        t("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256");
        t("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256");
        t("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA");
        t("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");
    }

    private CipherNames() {
    }

    private static void t(String openssl, String iana) {
        TLS12.put(openssl, iana);
    }

    /** The IANA name of a TLS 1.2 suite given by either name (case-insensitive), if known. */
    public static Optional<String> tls12Iana(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (TLS12.containsKey(upper)) {
            return Optional.of(TLS12.get(upper));
        }
        return TLS12.containsValue(upper) ? Optional.of(upper) : Optional.empty();
    }

    /** The name MySQL shows in {@code Ssl_cipher} for a negotiated JDK suite (unchanged if not in the table). */
    public static String toOpenSsl(String iana) {
        for (Map.Entry<String, String> e : TLS12.entrySet()) {
            if (e.getValue().equals(iana)) {
                return e.getKey();
            }
        }
        return iana;
    }

    /** TLS 1.2 suites in preference order (IANA names). */
    static Iterable<String> tls12InPreferenceOrder() {
        return TLS12.values();
    }
}
