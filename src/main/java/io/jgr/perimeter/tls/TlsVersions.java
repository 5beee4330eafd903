package io.jgr.perimeter.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tls_version} and {@code group_replication_recovery_tls_version}: a comma or space
 * separated, case-insensitive list. jgr, like MySQL 8.0.28+, speaks TLSv1.2 and TLSv1.3 only;
 * TLSv1 and TLSv1.1 are recognised and dropped. A list with an unknown token or nothing usable is
 * refused with MySQL's {@code TLS version is invalid: <value>}.
 */
public final class TlsVersions {
    public static final String TLS12 = "TLSv1.2";
    public static final String TLS13 = "TLSv1.3";

    private TlsVersions() {
    }

    /** JDK protocol names, lowest first. */
    public static List<String> parse(String value) throws TlsConfigException {
        boolean tls12 = false;
        boolean tls13 = false;
        String text = value == null ? "" : value;
        for (String token : text.split("[,\\s]+")) {
            switch (token.toLowerCase(Locale.ROOT)) {
                case "" -> { }
                case "tlsv1", "tlsv1.1" -> { }
                case "tlsv1.2" -> tls12 = true;
                case "tlsv1.3" -> tls13 = true;
                default -> throw invalid(text);
            }
        }
        List<String> protocols = new ArrayList<>();
        if (tls12) {
            protocols.add(TLS12);
        }
        if (tls13) {
            protocols.add(TLS13);
        }
        if (protocols.isEmpty()) {
            throw invalid(text);
        }
        return protocols;
    }

    private static TlsConfigException invalid(String value) {
        return new TlsConfigException("TLS version is invalid: " + value);
    }
}
