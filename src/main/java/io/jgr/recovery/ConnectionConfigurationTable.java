package io.jgr.recovery;

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
        return new VirtualTable("replication_connection_configuration", List.of(
                VirtualTable.text("CHANNEL_NAME"), VirtualTable.text("HOST"), VirtualTable.number("PORT"),
                VirtualTable.text("USER"), VirtualTable.text("NETWORK_INTERFACE"), VirtualTable.text("AUTO_POSITION"),
                VirtualTable.text("SSL_ALLOWED"), VirtualTable.text("SSL_CA_FILE"), VirtualTable.text("SSL_CA_PATH"),
                VirtualTable.text("SSL_CERTIFICATE"), VirtualTable.text("SSL_CIPHER"), VirtualTable.text("SSL_KEY"),
                VirtualTable.text("SSL_VERIFY_SERVER_CERTIFICATE"), VirtualTable.text("SSL_CRL_FILE"),
                VirtualTable.text("SSL_CRL_PATH"), VirtualTable.number("CONNECTION_RETRY_INTERVAL"),
                VirtualTable.number("CONNECTION_RETRY_COUNT"), VirtualTable.number("HEARTBEAT_INTERVAL"),
                VirtualTable.text("TLS_VERSION"), VirtualTable.text("PUBLIC_KEY_PATH"), VirtualTable.text("GET_PUBLIC_KEY"),
                VirtualTable.text("NETWORK_NAMESPACE"), VirtualTable.text("COMPRESSION_ALGORITHM"),
                VirtualTable.number("ZSTD_COMPRESSION_LEVEL"), VirtualTable.text("TLS_CIPHERSUITES")),
                () -> {
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
