package io.jgr.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SessionVariables.Scope;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SET and @@ scope rules: 1228, 1229, 1238, 1621, and session/global independence. */
class ScopeRulesTest {

    static Stream<Arguments> wrongScope() {
        return Stream.of(
                Arguments.of("set", "sql_log_bin", Scope.GLOBAL, 1228,
                        "Variable 'sql_log_bin' is a SESSION variable and can't be used with SET GLOBAL"),
                Arguments.of("set", "sql_log_bin", Scope.PERSIST, 1238,
                        "Variable 'sql_log_bin' is a non persistent variable"),
                Arguments.of("set", "group_replication_ssl_mode", Scope.SESSION, 1229,
                        "Variable 'group_replication_ssl_mode' is a GLOBAL variable and should be set with SET GLOBAL"),
                Arguments.of("set", "max_connections", Scope.DEFAULT, 1229,
                        "Variable 'max_connections' is a GLOBAL variable and should be set with SET GLOBAL"),
                Arguments.of("set", "version", Scope.SESSION, 1238, "Variable 'version' is a read only variable"),
                Arguments.of("set", "datadir", Scope.PERSIST, 1238, "Variable 'datadir' is a read only variable"),
                Arguments.of("set", "server_uuid", Scope.PERSIST_ONLY, 1238,
                        "Variable 'server_uuid' is a non persistent read only variable"),
                Arguments.of("set", "max_allowed_packet", Scope.SESSION, 1621,
                        "SESSION variable 'max_allowed_packet' is read-only. Use SET GLOBAL to assign the value"),
                Arguments.of("get", "max_connections", Scope.SESSION, 1238,
                        "Variable 'max_connections' is a GLOBAL variable"),
                Arguments.of("get", "sql_log_bin", Scope.GLOBAL, 1238, "Variable 'sql_log_bin' is a SESSION variable"),
                Arguments.of("get", "nope", Scope.DEFAULT, 1193, "Unknown system variable 'nope'"));
    }

    @ParameterizedTest(name = "{0} {2} {1} -> {3}")
    @MethodSource("wrongScope")
    void wrongScope(String op, String name, Scope scope, int code, String text) {
        SessionVariables session = SystemVariables.standard().newSession();
        assertThatThrownBy(() -> {
            if (op.equals("set")) {
                session.set(name, scope, 1L);
            } else {
                session.get(name, scope);
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(text);
        });
    }

    @Test
    void sessionValuesAreCopiesOfTheGlobals() throws SQLException {
        SystemVariables vars = SystemVariables.standard();
        SessionVariables a = vars.newSession();
        a.set("autocommit", Scope.DEFAULT, 0L);
        assertThat(a.get("autocommit", Scope.DEFAULT)).isEqualTo(0L);
        assertThat(a.get("autocommit", Scope.GLOBAL)).isEqualTo(1L);
        a.set("wait_timeout", Scope.GLOBAL, 100L);
        assertThat(a.get("wait_timeout", Scope.SESSION)).isEqualTo(28_800L);
        SessionVariables b = vars.newSession();
        assertThat(b.get("wait_timeout", Scope.SESSION)).isEqualTo(100L);
        assertThat(b.get("autocommit", Scope.DEFAULT)).isEqualTo(1L);
        a.set("wait_timeout", Scope.SESSION, SessionVariables.DEFAULT);
        assertThat(a.get("wait_timeout", Scope.SESSION)).isEqualTo(100L);
    }

    @Test
    void connectorJProbesAnswer() throws SQLException {
        SessionVariables s = SystemVariables.standard().newSession();
        for (String name : List.of("auto_increment_increment", "character_set_client", "character_set_connection",
                "character_set_results", "character_set_server", "collation_server", "collation_connection",
                "init_connect", "interactive_timeout", "license", "lower_case_table_names", "max_allowed_packet",
                "net_write_timeout", "performance_schema", "sql_mode", "system_time_zone", "time_zone",
                "transaction_isolation", "wait_timeout", "transaction_read_only", "version_comment", "autocommit")) {
            s.get(name, Scope.DEFAULT);
        }
        assertThat(s.set("character_set_results", Scope.DEFAULT, null)).isEmpty();
        assertThat(s.get("character_set_results", Scope.DEFAULT)).isNull();
        assertThat(s.get("transaction_isolation", Scope.SESSION)).isEqualTo("REPEATABLE-READ");
    }

    @Test
    void showVariablesPrintsOnOffAndHonoursScope() throws SQLException {
        SessionVariables s = SystemVariables.standard().newSession();
        s.set("autocommit", Scope.SESSION, "OFF");
        assertThat(s.show(Scope.SESSION)).containsEntry("autocommit", "OFF").containsKey("sql_log_bin")
                .containsEntry("group_replication_ssl_mode", "DISABLED");
        assertThat(s.show(Scope.GLOBAL)).containsEntry("autocommit", "ON").doesNotContainKey("sql_log_bin");
    }

    @Test
    void validatorsRefuseAndListenersHearGlobalChanges() throws SQLException {
        SystemVariables vars = SystemVariables.standard();
        List<String> heard = new ArrayList<>();
        vars.addValidator("group_replication_ip_allowlist", (def, value) -> {
            if (value.toString().contains("bad")) {
                throw io.jgr.sql.error.MySqlError.ER_GROUP_REPLICATION_CONFIGURATION.exception();
            }
        });
        vars.addListener("group_replication_ip_allowlist", (def, old, now) -> heard.add(old + "->" + now));
        SessionVariables s = vars.newSession();
        s.set("group_replication_ip_allowlist", Scope.GLOBAL, "10.0.0.0/8");
        assertThatThrownBy(() -> s.set("group_replication_ip_allowlist", Scope.GLOBAL, "bad"))
                .hasMessageContaining("not configured properly");
        assertThat(vars.global("group_replication_ip_allowlist")).isEqualTo("10.0.0.0/8");
        assertThat(heard).containsExactly("AUTOMATIC->10.0.0.0/8");
    }

    @Test
    void namesAreCaseInsensitive() throws SQLException {
        SessionVariables s = SystemVariables.standard().newSession();
        s.set("GROUP_REPLICATION_SSL_MODE", Scope.GLOBAL, "REQUIRED");
        assertThat(s.get("group_replication_ssl_mode", Scope.GLOBAL)).isEqualTo("REQUIRED");
    }
}
