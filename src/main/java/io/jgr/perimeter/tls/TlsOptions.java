package io.jgr.perimeter.tls;

import java.util.Locale;
import java.util.Map;

/**
 * One set of TLS options as the server's variables hold them: the main set ({@code ssl_cert},
 * {@code ssl_key}, ..., {@code tls_version}, {@code tls_ciphersuites}), the admin set
 * ({@code admin_ssl_*}), or the recovery set ({@code group_replication_recovery_ssl_*}). Empty
 * strings mean "not set", as in MySQL. Values are file paths and names, never file contents.
 *
 * @param names           the option names these values came from (for messages)
 * @param cert            certificate (chain) PEM file, or null
 * @param key             private key PEM file, or null
 * @param ca              CA bundle PEM file, or null
 * @param capath          directory of CA PEM files, or null
 * @param crl             CRL PEM file, or null
 * @param crlpath         directory of CRL PEM files, or null
 * @param cipher          TLS 1.2 cipher list (OpenSSL or IANA names, {@code :}-separated), or null
 * @param tlsVersion      protocol list, e.g. {@code TLSv1.2,TLSv1.3}
 * @param tlsCiphersuites TLS 1.3 suites; null = not set (defaults), empty = none
 */
public record TlsOptions(OptionNames names, String cert, String key, String ca, String capath, String crl,
                         String crlpath, String cipher, String tlsVersion, String tlsCiphersuites) {

    /** MySQL 8.0.28+'s default for {@code tls_version} and {@code group_replication_recovery_tls_version}. */
    public static final String DEFAULT_TLS_VERSION = "TLSv1.2,TLSv1.3";

    public static final String SSL_MODE = "group_replication_ssl_mode";
    public static final String TLS_SOURCE = "group_replication_tls_source";
    public static final String RECOVERY_USE_SSL = "group_replication_recovery_use_ssl";
    public static final String RECOVERY_VERIFY_SERVER_CERT = "group_replication_recovery_ssl_verify_server_cert";

    /** The option names of one set. */
    public record OptionNames(String cert, String key, String ca, String capath, String crl, String crlpath,
                              String cipher, String tlsVersion, String tlsCiphersuites) {
        static OptionNames withPrefix(String ssl, String tls) {
            return new OptionNames(ssl + "cert", ssl + "key", ssl + "ca", ssl + "capath", ssl + "crl", ssl + "crlpath",
                    ssl + "cipher", tls + "version", tls + "ciphersuites");
        }
    }

    public static final OptionNames MAIN = OptionNames.withPrefix("ssl_", "tls_");
    public static final OptionNames ADMIN = OptionNames.withPrefix("admin_ssl_", "admin_tls_");
    public static final OptionNames RECOVERY =
            OptionNames.withPrefix("group_replication_recovery_ssl_", "group_replication_recovery_tls_");

    /** The main set: the server's client port, and group connections with {@code tls_source=MYSQL_MAIN}. */
    public static TlsOptions main(Map<String, String> options) {
        return read(MAIN, options);
    }

    public static TlsOptions admin(Map<String, String> options) {
        return read(ADMIN, options);
    }

    public static TlsOptions recovery(Map<String, String> options) {
        return read(RECOVERY, options);
    }

    /** The set group connections use: {@code group_replication_tls_source} MYSQL_MAIN (default) or MYSQL_ADMIN. */
    public static TlsOptions forGroup(Map<String, String> options) throws TlsConfigException {
        String source = options.getOrDefault(TLS_SOURCE, "MYSQL_MAIN");
        return switch (source == null ? "MYSQL_MAIN" : source.trim().toUpperCase(Locale.ROOT)) {
            case "", "MYSQL_MAIN" -> main(options);
            case "MYSQL_ADMIN" -> admin(options);
            default -> throw new TlsConfigException("Invalid value for " + TLS_SOURCE + ": " + source);
        };
    }

    private static TlsOptions read(OptionNames n, Map<String, String> options) {
        String version = blankToNull(options.get(n.tlsVersion()));
        return new TlsOptions(n, path(options, n.cert()), path(options, n.key()), path(options, n.ca()),
                path(options, n.capath()), path(options, n.crl()), path(options, n.crlpath()),
                blankToNull(options.get(n.cipher())), version == null ? DEFAULT_TLS_VERSION : version,
                options.get(n.tlsCiphersuites()));
    }

    /** MySQL's boolean option spellings. */
    public static boolean flag(Map<String, String> options, String name) {
        String v = options.get(name);
        return v != null && switch (v.trim().toUpperCase(Locale.ROOT)) {
            case "ON", "1", "TRUE", "YES" -> true;
            default -> false;
        };
    }

    private static String path(Map<String, String> options, String name) {
        return blankToNull(options.get(name));
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
