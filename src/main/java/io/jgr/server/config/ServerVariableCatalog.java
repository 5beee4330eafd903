package io.jgr.server.config;

import static io.jgr.server.config.VarDef.bool;
import static io.jgr.server.config.VarDef.enumeration;
import static io.jgr.server.config.VarDef.set;
import static io.jgr.server.config.VarDef.string;
import static io.jgr.server.config.VarDef.ulong;

import io.jgr.sql.error.MySqlError;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server variables clients probe and jgr uses, with MySQL 8.0.36's scope, defaults and limits.
 * Defaults that depend on the machine (hostname, datadir, log file names) are set at start by
 * {@link ServerConfig}.
 */
public final class ServerVariableCatalog {
    /** MySQL 8.0's default sql_mode. */
    public static final String DEFAULT_SQL_MODE =
            "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";
    public static final String DEFAULT_TLS_VERSION = "TLSv1.2,TLSv1.3";
    public static final String MYSQL_VERSION = "8.0.36";

    private static final Set<String> CHARSETS = Set.of(
            "utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary", "ucs2", "utf16", "utf16le", "utf32");

    private ServerVariableCatalog() {
    }

    static List<VarDef> all() {
        long maxTimeout = 31_536_000L;
        return List.of(
                // Identity and network (read-only: set from the options file or computed at start).
                string("version", MYSQL_VERSION + "-jgr").readOnly().notPersistable().build(),
                string("version_comment", "jgr - MySQL Group Replication in Java").readOnly().notPersistable().build(),
                string("version_compile_os", "Linux").readOnly().notPersistable().build(),
                string("version_compile_machine", "x86_64").readOnly().notPersistable().build(),
                ulong("protocol_version", 10, 0, 255).readOnly().notPersistable().build(),
                string("license", "GPL").readOnly().notPersistable().build(),
                string("hostname", "localhost").readOnly().notPersistable().build(),
                ulong("port", 3306, 0, 65535).readOnly().build(),
                string("bind_address", "*").readOnly().build(),
                string("report_host", "").readOnly().build(),
                ulong("report_port", 3306, 0, 65535).readOnly().build(),
                string("datadir", "").readOnly().build(),
                string("socket", "").readOnly().build(),
                string("pid_file", "").readOnly().build(),
                string("secure_file_priv", null).readOnly().build(),
                ulong("server_id", 1, 0, 4_294_967_295L).build(),
                string("server_uuid", "").readOnly().notPersistable().build(),
                bool("skip_networking", false).readOnly().build(),
                bool("skip_name_resolve", false).readOnly().build(),
                ulong("max_connections", 151, 1, 100_000).build(),
                ulong("max_allowed_packet", 67_108_864, 1024, 1_073_741_824).both().sessionReadOnly().build(),
                ulong("net_buffer_length", 16_384, 1024, 1_048_576).both().sessionReadOnly().build(),
                ulong("connect_timeout", 10, 2, maxTimeout).build(),
                ulong("wait_timeout", 28_800, 1, maxTimeout).both().build(),
                ulong("interactive_timeout", 28_800, 1, maxTimeout).both().build(),
                ulong("net_read_timeout", 30, 1, maxTimeout).both().build(),
                ulong("net_write_timeout", 60, 1, maxTimeout).both().build(),
                string("init_connect", "").build(),
                bool("performance_schema", true).readOnly().build(),
                ulong("lower_case_table_names", 0, 0, 2).readOnly().build(),
                string("default_authentication_plugin", "caching_sha2_password").readOnly().build(),
                bool("persisted_globals_load", true).readOnly().build(),
                // Character sets, time, SQL behaviour (per session).
                charset("character_set_client", false),
                charset("character_set_connection", false),
                charset("character_set_results", true),
                charset("character_set_server", false),
                charset("character_set_database", false),
                string("character_set_system", "utf8mb3").readOnly().notPersistable().build(),
                string("character_set_filesystem", "binary").both().check(ServerVariableCatalog::checkCharset).build(),
                collation("collation_connection"),
                collation("collation_server"),
                collation("collation_database"),
                string("system_time_zone", "UTC").readOnly().notPersistable().build(),
                string("time_zone", "SYSTEM").both().check(ServerVariableCatalog::checkTimeZone).build(),
                set("sql_mode", DEFAULT_SQL_MODE, "REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE",
                        "ONLY_FULL_GROUP_BY", "NO_UNSIGNED_SUBTRACTION", "NO_DIR_IN_CREATE", "ANSI",
                        "NO_AUTO_VALUE_ON_ZERO", "NO_BACKSLASH_ESCAPES", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES",
                        "NO_ZERO_IN_DATE", "NO_ZERO_DATE", "ALLOW_INVALID_DATES", "ERROR_FOR_DIVISION_BY_ZERO",
                        "TRADITIONAL", "HIGH_NOT_PRECEDENCE", "NO_ENGINE_SUBSTITUTION", "PAD_CHAR_TO_FULL_LENGTH",
                        "TIME_TRUNCATE_FRACTIONAL").both().build(),
                bool("autocommit", true).both().build(),
                enumeration("transaction_isolation", "REPEATABLE-READ",
                        "READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE").both().build(),
                bool("transaction_read_only", false).both().build(),
                ulong("auto_increment_increment", 1, 1, 65_535).both().build(),
                ulong("auto_increment_offset", 1, 1, 65_535).both().build(),
                bool("foreign_key_checks", true).both().build(),
                bool("unique_checks", true).both().build(),
                bool("sql_safe_updates", false).both().build(),
                bool("sql_log_bin", true).session().build(),
                bool("explicit_defaults_for_timestamp", true).both().build(),
                ulong("div_precision_increment", 4, 0, 30).both().build(),
                ulong("max_execution_time", 0, 0, 4_294_967_295L).both().build(),
                ulong("sql_select_limit", Long.MAX_VALUE, 0, Long.MAX_VALUE).both().build(),
                string("lc_time_names", "en_US").both().build(),
                string("default_storage_engine", "InnoDB").both().build(),
                string("disabled_storage_engines", "").readOnly().build(),
                // Replication prerequisites Group Replication checks at START.
                bool("read_only", false).build(),
                bool("super_read_only", false).build(),
                bool("offline_mode", false).build(),
                enumeration("gtid_mode", "OFF", "OFF", "OFF_PERMISSIVE", "ON_PERMISSIVE", "ON").persistAsReadOnly().build(),
                enumeration("enforce_gtid_consistency", "OFF", "OFF", "ON", "WARN").persistAsReadOnly().build(),
                string("gtid_executed", "").readOnly().notPersistable().build(),
                string("gtid_purged", "").build(),
                bool("log_bin", true).readOnly().notPersistable().build(),
                // The transaction log's files (docs/transaction-log.md, "Files and purging"): MySQL's defaults.
                ulong("max_binlog_size", 1_073_741_824L, 4096, 1_073_741_824L).build(),
                ulong("binlog_expire_logs_seconds", 2_592_000L, 0, 4_294_967_295L).build(),
                bool("log_replica_updates", true).readOnly().build(),
                enumeration("binlog_format", "ROW", "MIXED", "STATEMENT", "ROW").both().build(),
                enumeration("binlog_checksum", "CRC32", "NONE", "CRC32").build(),
                enumeration("transaction_write_set_extraction", "XXHASH64", "OFF", "MURMUR32", "XXHASH64").both().build(),
                // TLS for client connections (dynamic since 8.0.16: ALTER INSTANCE RELOAD TLS applies them).
                bool("require_secure_transport", false).build(),
                tlsPath("ssl_ca"), tlsPath("ssl_capath"), tlsPath("ssl_cert"), tlsPath("ssl_key"),
                tlsPath("ssl_crl"), tlsPath("ssl_crlpath"), tlsPath("ssl_cipher"),
                string("tls_version", DEFAULT_TLS_VERSION).build(),
                string("tls_ciphersuites", null).build(),
                enumeration("ssl_fips_mode", "OFF", "OFF", "ON", "STRICT").readOnly().build(),
                string("have_ssl", "YES").readOnly().notPersistable().deprecated(null).build(),
                string("have_openssl", "YES").readOnly().notPersistable().deprecated(null).build(),
                tlsPath("admin_ssl_ca"), tlsPath("admin_ssl_capath"), tlsPath("admin_ssl_cert"),
                tlsPath("admin_ssl_key"), tlsPath("admin_ssl_crl"), tlsPath("admin_ssl_crlpath"),
                tlsPath("admin_ssl_cipher"),
                string("admin_tls_version", DEFAULT_TLS_VERSION).build(),
                string("admin_tls_ciphersuites", null).build(),
                // Logs.
                string("log_error", "stderr").readOnly().build(),
                ulong("log_error_verbosity", 2, 1, 3).build(),
                bool("general_log", false).build(),
                string("general_log_file", "").check(ServerVariableCatalog::checkLogFileName).build(),
                set("log_output", "FILE", "NONE", "FILE", "TABLE").check(ServerVariableCatalog::checkLogOutput).build(),
                enumeration("log_timestamps", "UTC", "UTC", "SYSTEM").build());
    }

    /** MySQL's coupling of read_only and super_read_only: super_read_only=ON implies read_only=ON, read_only=OFF clears both. */
    static void installRules(SystemVariables vars) {
        vars.addListener("super_read_only", (def, old, now) -> {
            if (Boolean.TRUE.equals(now) && !Boolean.TRUE.equals(vars.globalValue("read_only"))) {
                vars.setInternal("read_only", true);
            }
        });
        vars.addListener("read_only", (def, old, now) -> {
            if (Boolean.FALSE.equals(now) && Boolean.TRUE.equals(vars.globalValue("super_read_only"))) {
                vars.setInternal("super_read_only", false);
            }
        });
    }

    private static VarDef charset(String name, boolean nullable) {
        VarDef.Builder b = string(name, "utf8mb4").both().check(ServerVariableCatalog::checkCharset);
        return (nullable ? b.nullable() : b).build();
    }

    private static VarDef collation(String name) {
        return string(name, "utf8mb4_0900_ai_ci").both().check(ServerVariableCatalog::checkCollation).build();
    }

    private static VarDef tlsPath(String name) {
        return string(name, null).build();
    }

    /** 1115 for a character set jgr does not know (NULL only where the variable allows it). */
    static void checkCharset(VarDef def, Object value) throws java.sql.SQLException {
        if (value != null && !CHARSETS.contains(value.toString().toLowerCase(Locale.ROOT))) {
            throw MySqlError.ER_UNKNOWN_CHARACTER_SET.exception(value);
        }
    }

    /** 1273 unless the collation belongs to a known character set ({@code <charset>_...} or binary). */
    static void checkCollation(VarDef def, Object value) throws java.sql.SQLException {
        String c = value.toString().toLowerCase(Locale.ROOT);
        int cut = c.indexOf('_');
        if (!c.equals("binary") && (cut <= 0 || !CHARSETS.contains(c.substring(0, cut)))) {
            throw MySqlError.ER_UNKNOWN_COLLATION.exception(value);
        }
    }

    /** SYSTEM, an offset from -13:59 to +14:00, or a named zone; else 1298. */
    static void checkTimeZone(VarDef def, Object value) throws java.sql.SQLException {
        String tz = value.toString();
        if (tz.equalsIgnoreCase("SYSTEM")) {
            return;
        }
        if (tz.matches("[+-]\\d{1,2}:\\d{2}")) {
            int hours = Integer.parseInt(tz.substring(1, tz.indexOf(':')));
            int minutes = Integer.parseInt(tz.substring(tz.indexOf(':') + 1));
            int total = (tz.charAt(0) == '-' ? -1 : 1) * (hours * 60 + minutes);
            if (minutes < 60 && total >= -(13 * 60 + 59) && total <= 14 * 60) {
                return;
            }
            throw MySqlError.ER_UNKNOWN_TIME_ZONE.exception(tz);
        }
        try {
            if (tz.contains("/") || tz.equals("UTC")) {
                ZoneId.of(tz);
                return;
            }
        } catch (DateTimeException e) {
            // falls through to the error below
        }
        throw MySqlError.ER_UNKNOWN_TIME_ZONE.exception(tz);
    }

    /** jgr writes the general log to a file only: TABLE (mysql.general_log) is refused. */
    static void checkLogOutput(VarDef def, Object value) throws java.sql.SQLException {
        if (value.toString().contains("TABLE") || value.toString().isEmpty()) {
            throw VarValues.wrongValue(def, value);
        }
    }

    /** MySQL refuses an empty log file name. */
    static void checkLogFileName(VarDef def, Object value) throws java.sql.SQLException {
        if (value == null || value.toString().isBlank()) {
            throw VarValues.wrongValue(def, value);
        }
    }
}
