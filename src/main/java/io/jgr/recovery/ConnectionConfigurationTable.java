package io.jgr.recovery;

import io.jgr.store.pfs.VirtualTable;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code performance_schema.replication_connection_configuration} for the recovery channel: the
 * stored user and the recovery TLS options, and, as in MySQL, no password column (selecting one is
 * 1054). HOST/PORT are the donor of the current or last recovery.
 */
final class ConnectionConfigurationTable {
    private ConnectionConfigurationTable() {
    }

    static VirtualTable create(RecoveryCredentials credentials, Supplier<RecoverySettings> settings, Supplier<Donor> donor) {
        return VirtualTable.named("replication_connection_configuration").text("CHANNEL_NAME").text("HOST")
                .integer("PORT").text("USER").text("NETWORK_INTERFACE").text("AUTO_POSITION").text("SSL_ALLOWED")
                .text("SSL_CA_FILE").text("SSL_CA_PATH").text("SSL_CERTIFICATE").text("SSL_CIPHER").text("SSL_KEY")
                .text("SSL_VERIFY_SERVER_CERTIFICATE").text("SSL_CRL_FILE").text("SSL_CRL_PATH")
                .integer("CONNECTION_RETRY_INTERVAL").integer("CONNECTION_RETRY_COUNT").integer("HEARTBEAT_INTERVAL")
                .text("TLS_VERSION").text("PUBLIC_KEY_PATH").text("GET_PUBLIC_KEY").text("NETWORK_NAMESPACE")
                .text("COMPRESSION_ALGORITHM").integer("ZSTD_COMPRESSION_LEVEL").text("TLS_CIPHERSUITES")
                .rows(() -> {
                    RecoverySettings s = settings.get();
                    Map<String, String> o = s.options();
                    String user;
                    try {
                        user = credentials.stored().map(StoredCredentials::user).orElse("");
                    } catch (CredentialStoreException e) {
                        user = ""; // unreadable store: shown as nothing stored; START and boot report the error
                    }
                    Donor d = donor.get();
                    return List.<Object[]>of(new Object[] {RecoveryChannel.NAME, d == null ? "" : d.host(),
                            d == null ? 0L : (long) d.port(), user, "", "1",
                            s.useSsl() ? "YES" : "NO", v(o, "ssl_ca"), v(o, "ssl_capath"), v(o, "ssl_cert"),
                            v(o, "ssl_cipher"), v(o, "ssl_key"),
                            RecoverySettings.flag(o.get("group_replication_recovery_ssl_verify_server_cert")) ? "YES" : "NO",
                            v(o, "ssl_crl"), v(o, "ssl_crlpath"), s.reconnectInterval().toSeconds(), (long) s.retryCount(),
                            30L, v(o, "tls_version"), v(o, "public_key_path"), s.getPublicKey() ? "YES" : "NO", "",
                            "uncompressed", 3L, o.get("group_replication_recovery_tls_ciphersuites")});
                });
    }

    private static String v(Map<String, String> o, String suffix) {
        String value = o.get("group_replication_recovery_" + suffix);
        return value == null ? "" : value;
    }
}
