package io.jgr.server.config;

import static io.jgr.server.config.VarDef.bool;
import static io.jgr.server.config.VarDef.enumeration;
import static io.jgr.server.config.VarDef.string;
import static io.jgr.server.config.VarDef.ulong;

import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every {@code group_replication_*} variable of MySQL 8.0.36 with its default and check rules
 * (spec §1.1, §2.1, §3.1–3.2, §4.3). All are global and PERSIST_AS_READ_ONLY, as the plugin declares
 * them, except group_replication_consistency, which also has a session value. Rules that depend on
 * whether Group Replication runs are added at run time by the component ({@link SystemVariables#addValidator}).
 */
public final class GroupReplicationVariableCatalog {
    public static final String ALLOWLIST = "group_replication_ip_allowlist";
    public static final String WHITELIST = "group_replication_ip_whitelist";
    /** MySQL's FN_REFLEN: the longest recovery SSL option value. */
    static final int RECOVERY_OPTION_LIMIT = 512;
    static final String RECOVERY_OPTION_TOO_LONG =
            "The given value for recovery ssl option is invalid as its length is beyond the limit";

    private static final long MAX_TIMEOUT = 31_536_000L;
    private static final long INT_MAX = 2_147_483_647L;

    private GroupReplicationVariableCatalog() {
    }

    static List<VarDef> all() {
        return Stream.of(
                bool("group_replication_allow_local_lower_version_join", false),
                ulong("group_replication_auto_increment_increment", 7, 1, 65_535),
                ulong("group_replication_autorejoin_tries", 3, 0, 2016),
                bool("group_replication_bootstrap_group", false),
                ulong("group_replication_clone_threshold", Long.MAX_VALUE, 1, Long.MAX_VALUE),
                string("group_replication_communication_debug_options", "GCS_DEBUG_NONE"),
                ulong("group_replication_communication_max_message_size", 10_485_760, 0, 1_073_741_824),
                enumeration("group_replication_communication_stack", "XCOM", "XCOM", "MYSQL")
                        .check(GroupReplicationVariableCatalog::checkCommunicationStack),
                ulong("group_replication_components_stop_timeout", 300, 2, MAX_TIMEOUT),
                ulong("group_replication_compression_threshold", 1_000_000, 0, 4_294_967_295L),
                enumeration("group_replication_consistency", "EVENTUAL",
                        "EVENTUAL", "BEFORE_ON_PRIMARY_FAILOVER", "BEFORE", "AFTER", "BEFORE_AND_AFTER").both(),
                bool("group_replication_enforce_update_everywhere_checks", false),
                enumeration("group_replication_exit_state_action", "READ_ONLY",
                        "ABORT_SERVER", "READ_ONLY", "OFFLINE_MODE"),
                ulong("group_replication_flow_control_applier_threshold", 25_000, 0, INT_MAX),
                ulong("group_replication_flow_control_certifier_threshold", 25_000, 0, INT_MAX),
                ulong("group_replication_flow_control_hold_percent", 10, 0, 100),
                ulong("group_replication_flow_control_max_quota", 0, 0, INT_MAX),
                ulong("group_replication_flow_control_member_quota_percent", 0, 0, 100),
                ulong("group_replication_flow_control_min_quota", 0, 0, INT_MAX),
                ulong("group_replication_flow_control_min_recovery_quota", 0, 0, INT_MAX),
                enumeration("group_replication_flow_control_mode", "QUOTA", "DISABLED", "QUOTA"),
                ulong("group_replication_flow_control_period", 1, 1, 60),
                ulong("group_replication_flow_control_release_percent", 50, 0, 1000),
                string("group_replication_force_members", ""),
                string("group_replication_group_name", null).check(GroupReplicationVariableCatalog::checkGroupName),
                string("group_replication_group_seeds", ""),
                ulong("group_replication_gtid_assignment_block_size", 1_000_000, 1, Long.MAX_VALUE),
                allowlist(ALLOWLIST),
                allowlist(WHITELIST).deprecated(ALLOWLIST),
                string("group_replication_local_address", ""),
                ulong("group_replication_member_expel_timeout", 5, 0, 3600),
                ulong("group_replication_member_weight", 50, 0, 100),
                ulong("group_replication_message_cache_size", 1_073_741_824L, 134_217_728L, Long.MAX_VALUE),
                bool("group_replication_paxos_single_leader", false),
                ulong("group_replication_poll_spin_loops", 0, 0, Long.MAX_VALUE),
                string("group_replication_advertise_recovery_endpoints", "DEFAULT"),
                enumeration("group_replication_recovery_complete_at", "TRANSACTIONS_APPLIED",
                        "TRANSACTIONS_CERTIFIED", "TRANSACTIONS_APPLIED"),
                string("group_replication_recovery_compression_algorithms", "uncompressed"),
                bool("group_replication_recovery_get_public_key", false),
                recoveryString("group_replication_recovery_public_key_path", ""),
                ulong("group_replication_recovery_reconnect_interval", 60, 0, MAX_TIMEOUT),
                ulong("group_replication_recovery_retry_count", 10, 0, MAX_TIMEOUT),
                recoveryString("group_replication_recovery_ssl_ca", ""),
                recoveryString("group_replication_recovery_ssl_capath", ""),
                recoveryString("group_replication_recovery_ssl_cert", ""),
                recoveryString("group_replication_recovery_ssl_cipher", ""),
                recoveryString("group_replication_recovery_ssl_crl", ""),
                recoveryString("group_replication_recovery_ssl_crlpath", ""),
                recoveryString("group_replication_recovery_ssl_key", ""),
                bool("group_replication_recovery_ssl_verify_server_cert", false),
                recoveryString("group_replication_recovery_tls_ciphersuites", null),
                recoveryString("group_replication_recovery_tls_version", ServerVariableCatalog.DEFAULT_TLS_VERSION),
                bool("group_replication_recovery_use_ssl", false),
                ulong("group_replication_recovery_zstd_compression_level", 3, 1, 22),
                bool("group_replication_single_primary_mode", true),
                enumeration("group_replication_ssl_mode", "DISABLED", "DISABLED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"),
                bool("group_replication_start_on_boot", true),
                enumeration("group_replication_tls_source", "MYSQL_MAIN", "MYSQL_MAIN", "MYSQL_ADMIN"),
                ulong("group_replication_transaction_size_limit", 150_000_000, 0, INT_MAX),
                ulong("group_replication_unreachable_majority_timeout", 0, 0, MAX_TIMEOUT),
                string("group_replication_view_change_uuid", "AUTOMATIC")
                        .check(GroupReplicationVariableCatalog::checkViewChangeUuid))
                .map(b -> b.persistAsReadOnly().build())
                .toList();
    }

    /**
     * The rules that involve two variables (MySQL's check_single_primary_mode and
     * check_enforce_update_everywhere_checks); installed by {@link SystemVariables#standard()}.
     */
    static void installCrossChecks(SystemVariables vars) {
        vars.addValidator("group_replication_single_primary_mode", (def, value) -> {
            if (Boolean.TRUE.equals(value)
                    && Boolean.TRUE.equals(vars.globalValue("group_replication_enforce_update_everywhere_checks"))) {
                throw MySqlError.ER_WRONG_VALUE_FOR_VAR.withText(
                        "Cannot turn ON single_primary_mode while enforce_update_everywhere_checks is enabled.");
            }
        });
        vars.addValidator("group_replication_enforce_update_everywhere_checks", (def, value) -> {
            if (Boolean.TRUE.equals(value)
                    && Boolean.TRUE.equals(vars.globalValue("group_replication_single_primary_mode"))) {
                throw MySqlError.ER_WRONG_VALUE_FOR_VAR.withText(
                        "Cannot enable enforce_update_everywhere_checks while single_primary_mode is enabled.");
            }
        });
    }

    private static VarDef.Builder allowlist(String name) {
        return string(name, "AUTOMATIC").noDefault().check(GroupReplicationVariableCatalog::checkAutomaticAlone);
    }

    private static VarDef.Builder recoveryString(String name, String defaultValue) {
        return string(name, defaultValue).check(GroupReplicationVariableCatalog::checkRecoveryLength);
    }

    /** Spec §3.2 rule 1: AUTOMATIC (any case, spaces ignored) must be the whole list; else 3092 naming the variable. */
    static void checkAutomaticAlone(VarDef def, Object value) throws SQLException {
        String list = value.toString().replace(" ", "").toLowerCase(Locale.ROOT);
        if (list.contains("automatic") && !list.equals("automatic")) {
            throw MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.withText(
                    String.format(Locale.ROOT, MySqlError.ALLOWLIST_AUTOMATIC_MIXED, def.name()));
        }
    }

    /** Spec §2.1: recovery string options are at most 512 characters (1231 with MySQL's own text). */
    static void checkRecoveryLength(VarDef def, Object value) throws SQLException {
        if (value != null && value.toString().length() > RECOVERY_OPTION_LIMIT) {
            throw MySqlError.ER_WRONG_VALUE_FOR_VAR.withText(RECOVERY_OPTION_TOO_LONG);
        }
    }

    /** MySQL's check_group_name_string: a UUID of at most 36 characters; NULL given explicitly is 1231. */
    static void checkGroupName(VarDef def, Object value) throws SQLException {
        if (value == null) {
            throw VarValues.wrongValue(def, null);
        }
        String name = value.toString();
        if (name.length() > 36) {
            throw MySqlError.ER_WRONG_VALUE_FOR_VAR.withText("The group name is not a valid UUID, its length is too big");
        }
        if (!Uuids.isValid(name)) {
            throw MySqlError.ER_WRONG_VALUE_FOR_VAR.withText("The group name is not a valid UUID");
        }
    }

    /** AUTOMATIC or a UUID. */
    static void checkViewChangeUuid(VarDef def, Object value) throws SQLException {
        String v = value.toString();
        if (!v.equalsIgnoreCase("AUTOMATIC") && (v.length() > 36 || !Uuids.isValid(v))) {
            throw MySqlError.ER_WRONG_VALUE_FOR_VAR.withText("The group_replication_view_change_uuid is not a valid UUID");
        }
    }

    /** jgr-decisions §13: the group engine is the XCom-like perimeter; MYSQL is refused with 1231. */
    static void checkCommunicationStack(VarDef def, Object value) throws SQLException {
        if (!"XCOM".equals(value)) {
            throw VarValues.wrongValue(def, value);
        }
    }
}
