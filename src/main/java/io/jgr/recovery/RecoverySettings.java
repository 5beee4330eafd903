package io.jgr.recovery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code group_replication_recovery_*} values one recovery run uses, read once when it starts
 * (MySQL: changes apply at the next START). {@link #options()} is what {@code RecoveryTls.load} takes.
 */
public record RecoverySettings(Map<String, String> options, int retryCount, Duration reconnectInterval,
                               Duration connectTimeout, String localAddress) {
    public static final List<String> VARIABLES = List.of(
            "group_replication_recovery_use_ssl", "group_replication_recovery_ssl_ca",
            "group_replication_recovery_ssl_capath", "group_replication_recovery_ssl_cert",
            "group_replication_recovery_ssl_key", "group_replication_recovery_ssl_cipher",
            "group_replication_recovery_ssl_crl", "group_replication_recovery_ssl_crlpath",
            "group_replication_recovery_ssl_verify_server_cert", "group_replication_recovery_tls_version",
            "group_replication_recovery_tls_ciphersuites", "group_replication_recovery_public_key_path",
            "group_replication_recovery_get_public_key", "group_replication_recovery_retry_count",
            "group_replication_recovery_reconnect_interval");

    public RecoverySettings {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** From the variable registry's global values as text (e.g. {@code SystemVariables::globalText}); null = unset. */
    public static RecoverySettings fromVariables(Function<String, String> globalText) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String v : VARIABLES) {
            String value = globalText.apply(v);
            if (value != null) {
                options.put(v, value);
            }
        }
        return of(options);
    }

    public static RecoverySettings of(Map<String, String> options) {
        return new RecoverySettings(options,
                (int) Math.min(Integer.MAX_VALUE, number(options, "group_replication_recovery_retry_count", 10)),
                Duration.ofSeconds(number(options, "group_replication_recovery_reconnect_interval", 60)),
                Duration.ofSeconds(10), null);
    }

    public RecoverySettings withConnectTimeout(Duration timeout) {
        return new RecoverySettings(options, retryCount, reconnectInterval, timeout, localAddress);
    }

    /** The local address the recovery connection leaves from (the member's own address), or null for the system's choice. */
    public RecoverySettings withLocalAddress(String address) {
        return new RecoverySettings(options, retryCount, reconnectInterval, connectTimeout, address);
    }

    public String publicKeyPath() {
        String p = options.get("group_replication_recovery_public_key_path");
        return p == null || p.isEmpty() ? null : p;
    }

    public boolean getPublicKey() {
        return flag(options.get("group_replication_recovery_get_public_key"));
    }

    public boolean useSsl() {
        return flag(options.get("group_replication_recovery_use_ssl"));
    }

    private static long number(Map<String, String> options, String name, long dflt) {
        String v = options.get(name);
        return v == null || v.isBlank() ? dflt : Long.parseLong(v.trim());
    }

    static boolean flag(String v) {
        if (v == null) {
            return false;
        }
        String s = v.trim().toUpperCase(Locale.ROOT);
        return s.equals("ON") || s.equals("1") || s.equals("TRUE");
    }
}
