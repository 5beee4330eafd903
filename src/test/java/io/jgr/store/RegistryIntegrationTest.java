package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with the real variable registry: what Connector/J and the mariadb client send after connecting. */
class RegistryIntegrationTest {
    @TempDir
    Path dir;

    private static Session open(H2Engine engine, String user, InetAddress from) throws SQLException {
        Account a = engine.findAccount(user, from).orElseThrow();
        return engine.openSession(new ConnectionInfo(1, a, from, null, null, null));
    }

    @Test
    void clientProbesAndTruthfulIsolation() throws Exception {
        SystemVariables registry = SystemVariables.standard();
        try (H2Engine engine = H2Engine.open(dir, registry, H2Engine.Options.defaults().withRootPassword("pw"));
             Session s = open(engine, "root", InetAddress.getLoopbackAddress())) {
            Result.Rows probe = (Result.Rows) s.execute("/* mysql-connector-j-9.3.0 (Revision: x) */SELECT  @@session.auto_increment_increment AS auto_increment_increment, "
                    + "@@character_set_client AS character_set_client, @@character_set_connection AS character_set_connection, "
                    + "@@character_set_results AS character_set_results, @@character_set_server AS character_set_server, "
                    + "@@collation_server AS collation_server, @@collation_connection AS collation_connection, @@init_connect AS init_connect, "
                    + "@@interactive_timeout AS interactive_timeout, @@license AS license, @@lower_case_table_names AS lower_case_table_names, "
                    + "@@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@performance_schema AS performance_schema, "
                    + "@@sql_mode AS sql_mode, @@system_time_zone AS system_time_zone, @@time_zone AS time_zone, "
                    + "@@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout");
            assertThat(probe.columns()).hasSize(19);
            assertThat(probe.columns().get(17).name()).isEqualTo("transaction_isolation");
            assertThat(probe.rows().get(0)[17]).isEqualTo("READ-COMMITTED");
            s.execute("SET character_set_results = NULL");
            s.execute("SET autocommit=1");
            assertThat(EngineFixture.scalar(s, "SELECT @@session.transaction_read_only")).isIn(0L, "0", "OFF");
            assertThat(EngineFixture.scalar(s, "select @@version_comment limit 1")).isNotNull();
            assertThat(EngineFixture.scalar(s, "SELECT ISOLATION_LEVEL FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()"))
                    .isEqualTo("READ COMMITTED");
            s.execute("SET SESSION transaction_isolation = 'REPEATABLE-READ'");
            assertThat(EngineFixture.scalar(s, "SELECT ISOLATION_LEVEL FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()"))
                    .isEqualTo("REPEATABLE READ");
            s.execute("SET autocommit = 0");
            assertThat(s.autocommit()).isFalse();
            s.execute("SET autocommit = ON");
            assertThat(s.autocommit()).isTrue();
            assertThat(EngineFixture.rows(s.execute("SHOW VARIABLES LIKE 'group_replication_ssl_mode'")))
                    .containsExactly(List.of("group_replication_ssl_mode", "DISABLED"));
            s.execute("CREATE USER app@'%' IDENTIFIED BY 'pw'");
            try (Session app = open(engine, "app", InetAddress.getByName("192.0.2.9"))) {
                assertThatThrownBy(() -> app.execute("SET GLOBAL group_replication_ip_allowlist = \"10.0.0.0/8\""))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1227));
            }
            s.execute("SET GLOBAL group_replication_ip_allowlist = \"10.0.0.0/8\"");
            // SET sql_log_bin = 0: nothing captured or reported, as MySQL binlogs nothing (the seeds' recovery-user setup)
            java.util.List<io.jgr.store.capture.CapturedTransaction> seen = new java.util.ArrayList<>();
            engine.setCommitHook(seen::add);
            s.execute("SET SQL_LOG_BIN = 0");
            s.execute("CREATE DATABASE local_only");
            s.execute("CREATE TABLE local_only.t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO local_only.t VALUES (1)");
            assertThat(seen).isEmpty();
            s.execute("SET SQL_LOG_BIN = 1");
            s.execute("INSERT INTO local_only.t VALUES (2)");
            assertThat(seen).hasSize(1);
            try (Session app = open(engine, "app", InetAddress.getByName("192.0.2.9"))) {
                assertThatThrownBy(() -> app.execute("SET sql_log_bin = 0"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1227));
            }
            assertThat(engine.globalVariable("group_replication_ip_allowlist")).contains("10.0.0.0/8");
            assertThat(engine.globalVariable("no_such_variable")).isEmpty();
        }
    }
}
