package io.jgr.server.config;

import static io.jgr.server.config.SessionVariables.DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SessionVariables.Scope;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SET rules of the spec, each with MySQL's exact error number, SQLSTATE and text. */
class SetRulesTest {
    private static final String LONG_PATH = "/" + "a".repeat(512);
    private static final String AUTO_MIXED =
            "The %s is invalid. Make sure that when specifying \"AUTOMATIC\" the list contains no other values.";

    static Stream<Arguments> refused() {
        return Stream.of(
                // Booleans (spec §2.1, §4.3): NULL and 'a' are 1231, 1.2 is 1232.
                bad("group_replication_start_on_boot", null, 1231, "42000",
                        "Variable 'group_replication_start_on_boot' can't be set to the value of 'NULL'"),
                bad("group_replication_start_on_boot", "a", 1231, "42000",
                        "Variable 'group_replication_start_on_boot' can't be set to the value of 'a'"),
                bad("group_replication_start_on_boot", new BigDecimal("1.2"), 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_start_on_boot'"),
                bad("group_replication_recovery_use_ssl", null, 1231, "42000",
                        "Variable 'group_replication_recovery_use_ssl' can't be set to the value of 'NULL'"),
                bad("group_replication_recovery_use_ssl", "a", 1231, "42000",
                        "Variable 'group_replication_recovery_use_ssl' can't be set to the value of 'a'"),
                bad("group_replication_recovery_use_ssl", 1.2d, 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_recovery_use_ssl'"),
                bad("group_replication_recovery_ssl_verify_server_cert", 2L, 1231, "42000",
                        "Variable 'group_replication_recovery_ssl_verify_server_cert' can't be set to the value of '2'"),
                bad("group_replication_recovery_get_public_key", new BigDecimal("1.2"), 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_recovery_get_public_key'"),
                // Recovery string options: 512 characters at most; NULL only for tls_ciphersuites.
                bad("group_replication_recovery_ssl_ca", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_ssl_capath", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_ssl_cert", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_ssl_key", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_ssl_cipher", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_ssl_crl", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_ssl_crlpath", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_public_key_path", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_tls_version", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_tls_ciphersuites", LONG_PATH, 1231, "42000",
                        "The given value for recovery ssl option is invalid as its length is beyond the limit"),
                bad("group_replication_recovery_ssl_ca", null, 1231, "42000",
                        "Variable 'group_replication_recovery_ssl_ca' can't be set to the value of 'NULL'"),
                bad("group_replication_recovery_ssl_ca", 5L, 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_recovery_ssl_ca'"),
                // Allowlist and whitelist (spec §3.1–3.2): NODEFAULT, no NULL, AUTOMATIC alone.
                bad("group_replication_ip_allowlist", DEFAULT, 1231, "42000",
                        "Variable 'group_replication_ip_allowlist' can't be set to the value of 'DEFAULT'"),
                bad("group_replication_ip_allowlist", null, 1231, "42000",
                        "Variable 'group_replication_ip_allowlist' can't be set to the value of 'NULL'"),
                bad("group_replication_ip_allowlist", "AUTOMATIC,192.168.1.0/24", 3092, "HY000",
                        AUTO_MIXED.formatted("group_replication_ip_allowlist")),
                bad("group_replication_ip_allowlist", "10.0.0.1, automatic", 3092, "HY000",
                        AUTO_MIXED.formatted("group_replication_ip_allowlist")),
                bad("group_replication_ip_whitelist", DEFAULT, 1231, "42000",
                        "Variable 'group_replication_ip_whitelist' can't be set to the value of 'DEFAULT'"),
                bad("group_replication_ip_whitelist", null, 1231, "42000",
                        "Variable 'group_replication_ip_whitelist' can't be set to the value of 'NULL'"),
                bad("group_replication_ip_whitelist", "AUTOMATIC,127.0.0.1", 3092, "HY000",
                        AUTO_MIXED.formatted("group_replication_ip_whitelist")),
                // ssl_mode ENUM: XCom's own PREFERRED is not one of the four.
                bad("group_replication_ssl_mode", "PREFERRED", 1231, "42000",
                        "Variable 'group_replication_ssl_mode' can't be set to the value of 'PREFERRED'"),
                bad("group_replication_ssl_mode", null, 1231, "42000",
                        "Variable 'group_replication_ssl_mode' can't be set to the value of 'NULL'"),
                bad("group_replication_ssl_mode", 4L, 1231, "42000",
                        "Variable 'group_replication_ssl_mode' can't be set to the value of '4'"),
                bad("group_replication_ssl_mode", new BigDecimal("1.2"), 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_ssl_mode'"),
                // group_name is a UUID.
                bad("group_replication_group_name", "not-a-uuid", 1231, "42000", "The group name is not a valid UUID"),
                bad("group_replication_group_name", "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaaa", 1231, "42000",
                        "The group name is not a valid UUID, its length is too big"),
                bad("group_replication_group_name", null, 1231, "42000",
                        "Variable 'group_replication_group_name' can't be set to the value of 'NULL'"),
                bad("group_replication_communication_stack", "MYSQL", 1231, "42000",
                        "Variable 'group_replication_communication_stack' can't be set to the value of 'MYSQL'"),
                bad("group_replication_exit_state_action", "EXPLODE", 1231, "42000",
                        "Variable 'group_replication_exit_state_action' can't be set to the value of 'EXPLODE'"),
                bad("group_replication_member_weight", "a", 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_member_weight'"),
                bad("group_replication_member_weight", null, 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_member_weight'"),
                bad("group_replication_member_weight", new BigDecimal("1.2"), 1232, "42000",
                        "Incorrect argument type to variable 'group_replication_member_weight'"),
                // Unknown variable, read-only variables.
                bad("no_such_variable", 1L, 1193, "HY000", "Unknown system variable 'no_such_variable'"),
                bad("version", "9.9", 1238, "HY000", "Variable 'version' is a read only variable"),
                bad("server_uuid", "x", 1238, "HY000", "Variable 'server_uuid' is a read only variable"),
                bad("port", 3307L, 1238, "HY000", "Variable 'port' is a read only variable"),
                bad("gtid_executed", "", 1238, "HY000", "Variable 'gtid_executed' is a read only variable"),
                bad("sql_mode", "NO_SUCH_MODE", 1231, "42000",
                        "Variable 'sql_mode' can't be set to the value of 'NO_SUCH_MODE'"),
                bad("character_set_client", "klingon", 1115, "42000", "Unknown character set: 'klingon'"),
                bad("time_zone", "Mars/Olympus", 1298, "HY000", "Unknown or incorrect time zone: 'Mars/Olympus'"),
                bad("log_output", "TABLE", 1231, "42000", "Variable 'log_output' can't be set to the value of 'TABLE'"));
    }

    @ParameterizedTest(name = "SET GLOBAL {0} = {1} -> {2}")
    @MethodSource("refused")
    void refusedWithMysqlsErrorAndNothingChanges(String name, Object value, int code, String state, String text)
            throws SQLException {
        SystemVariables vars = SystemVariables.standard();
        SessionVariables session = vars.newSession();
        Object before = vars.definition(name) == null ? null : session.get(name, Scope.GLOBAL);
        assertThatThrownBy(() -> session.set(name, Scope.GLOBAL, value))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(code);
                    assertThat(e.getSQLState()).isEqualTo(state);
                    assertThat(e.getMessage()).isEqualTo(text);
                });
        if (vars.definition(name) != null) {
            assertThat(session.get(name, Scope.GLOBAL)).isEqualTo(before);
        }
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                ok("group_replication_start_on_boot", "OFF", 0L),
                ok("group_replication_start_on_boot", DEFAULT, 1L),
                ok("group_replication_start_on_boot", 0L, 0L),
                ok("group_replication_start_on_boot", "on", 1L),
                ok("group_replication_recovery_use_ssl", "ON", 1L),
                ok("group_replication_recovery_use_ssl", DEFAULT, 0L),
                ok("group_replication_recovery_ssl_ca", "/" + "a".repeat(511), "/" + "a".repeat(511)),
                ok("group_replication_recovery_ssl_ca", DEFAULT, ""),
                ok("group_replication_recovery_tls_ciphersuites", null, null),
                ok("group_replication_recovery_tls_ciphersuites", "", ""),
                ok("group_replication_recovery_tls_version", DEFAULT, "TLSv1.2,TLSv1.3"),
                ok("group_replication_ip_allowlist", "automatic", "automatic"),
                ok("group_replication_ip_allowlist", " AUTOMATIC ", " AUTOMATIC "),
                ok("group_replication_ip_allowlist", "", ""),
                ok("group_replication_ip_allowlist", "10.0.0.0/8,host.example", "10.0.0.0/8,host.example"),
                ok("group_replication_ssl_mode", "verify_identity", "VERIFY_IDENTITY"),
                ok("group_replication_ssl_mode", 1L, "REQUIRED"),
                ok("group_replication_ssl_mode", DEFAULT, "DISABLED"),
                ok("group_replication_group_name", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
                ok("group_replication_group_name", DEFAULT, null),
                ok("group_replication_member_weight", 70L, 70L),
                ok("group_replication_member_weight", 200L, 100L),
                ok("group_replication_communication_stack", "xcom", "XCOM"),
                ok("group_replication_view_change_uuid", "AUTOMATIC", "AUTOMATIC"),
                ok("sql_mode", "strict_all_tables,ansi_quotes", "ANSI_QUOTES,STRICT_ALL_TABLES"),
                ok("time_zone", "+02:00", "+02:00"),
                ok("time_zone", "Europe/Paris", "Europe/Paris"),
                ok("max_connections", 0L, 1L),
                ok("general_log", "ON", 1L),
                ok("read_only", 1L, 1L));
    }

    @ParameterizedTest(name = "SET GLOBAL {0} = {1} -> @@GLOBAL = {2}")
    @MethodSource("accepted")
    void accepted(String name, Object value, Object expected) throws SQLException {
        SystemVariables vars = SystemVariables.standard();
        SessionVariables session = vars.newSession();
        session.set(name, Scope.GLOBAL, value);
        assertThat(session.get(name, Scope.GLOBAL)).isEqualTo(expected);
        assertThat(vars.global(name)).isEqualTo(expected);
    }

    @Test
    void whitelistSetWarnsDeprecated() throws SQLException {
        SessionVariables session = SystemVariables.standard().newSession();
        assertThat(session.set("group_replication_ip_whitelist", Scope.GLOBAL, "AUTOMATIC"))
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.code()).isEqualTo(1287);
                    assertThat(w.level()).isEqualTo("Warning");
                    assertThat(w.message()).isEqualTo("'group_replication_ip_whitelist' is deprecated and will be "
                            + "removed in a future release. Please use group_replication_ip_allowlist instead");
                });
        assertThat(session.set("group_replication_ip_allowlist", Scope.GLOBAL, "AUTOMATIC")).isEmpty();
    }

    @Test
    void outOfRangeIsClampedWithWarning1292UnlessStrictAllTables() throws SQLException {
        SessionVariables session = SystemVariables.standard().newSession();
        assertThat(session.set("group_replication_member_weight", Scope.GLOBAL, 101L)).singleElement()
                .satisfies(w -> {
                    assertThat(w.code()).isEqualTo(1292);
                    assertThat(w.message()).isEqualTo("Truncated incorrect group_replication_member_weight value: '101'");
                });
        session.set("sql_mode", Scope.SESSION, "STRICT_ALL_TABLES");
        assertThatThrownBy(() -> session.set("group_replication_member_weight", Scope.GLOBAL, 101L))
                .hasMessage("Variable 'group_replication_member_weight' can't be set to the value of '101'");
    }

    @Test
    void singlePrimaryAndUpdateEverywhereChecksExcludeEachOther() throws SQLException {
        SessionVariables session = SystemVariables.standard().newSession();
        assertThatThrownBy(() -> session.set("group_replication_enforce_update_everywhere_checks", Scope.GLOBAL, "ON"))
                .hasMessage("Cannot enable enforce_update_everywhere_checks while single_primary_mode is enabled.");
        session.set("group_replication_single_primary_mode", Scope.GLOBAL, "OFF");
        session.set("group_replication_enforce_update_everywhere_checks", Scope.GLOBAL, "ON");
        assertThatThrownBy(() -> session.set("group_replication_single_primary_mode", Scope.GLOBAL, "ON"))
                .hasMessage("Cannot turn ON single_primary_mode while enforce_update_everywhere_checks is enabled.");
    }

    private static Arguments bad(String name, Object value, int code, String state, String text) {
        return Arguments.of(name, value, code, state, text);
    }

    private static Arguments ok(String name, Object value, Object expected) {
        return Arguments.of(name, value, expected);
    }
}
