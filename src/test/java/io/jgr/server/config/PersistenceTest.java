package io.jgr.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SessionVariables.Scope;
import io.jgr.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SET PERSIST / PERSIST_ONLY round trips through mysqld-auto.cnf; server_uuid is kept in auto.cnf. */
class PersistenceTest {
    @TempDir
    Path dir;
    private Path cnf;

    @BeforeEach
    void writeOptions() throws Exception {
        cnf = dir.resolve("my.cnf");
        Files.writeString(cnf, """
                [mysqld]
                datadir=%s
                group_replication_member_weight=10
                group_replication_ssl_mode=REQUIRED
                """.formatted(dir.resolve("data")));
    }

    private ServerConfig start() throws OptionsException {
        return ServerConfig.load(List.of(), "--defaults-file=" + cnf);
    }

    @Test
    void persistedValuesSurviveARestartAndOverrideTheOptionsFile() throws Exception {
        ServerConfig first = start();
        SessionVariables s = first.variables().newSession("root", "localhost");
        s.set("group_replication_member_weight", Scope.PERSIST, 80L);
        s.set("max_connections", Scope.PERSIST, 500L);
        s.set("group_replication_ssl_mode", Scope.PERSIST_ONLY, "VERIFY_IDENTITY");
        s.set("report_host", Scope.PERSIST_ONLY, "m1.example");
        s.set("group_replication_recovery_tls_ciphersuites", Scope.PERSIST, null);
        assertThat(first.variables().global("group_replication_member_weight")).isEqualTo(80L);
        assertThat(first.variables().global("group_replication_ssl_mode")).isEqualTo("REQUIRED");
        assertThat(first.variables().global("report_host")).isEqualTo("");

        String json = Files.readString(first.datadir().resolve("mysqld-auto.cnf"));
        assertThat(json).startsWith("{ \"Version\" : 2 , \"mysql_static_variables\" : { ")
                .contains("\"group_replication_member_weight\" : { \"Value\" : \"80\" , \"Metadata\" : { \"Timestamp\" : ")
                .contains("\"User\" : \"root\" , \"Host\" : \"localhost\" } }")
                .contains("\"mysql_dynamic_variables\" : { \"max_connections\" : { \"Value\" : \"500\"");

        ServerConfig second = start();
        SystemVariables vars = second.variables();
        assertThat(vars.global("group_replication_member_weight")).isEqualTo(80L);
        assertThat(vars.global("max_connections")).isEqualTo(500L);
        assertThat(vars.global("group_replication_ssl_mode")).isEqualTo("VERIFY_IDENTITY");
        assertThat(vars.global("report_host")).isEqualTo("m1.example");
        assertThat(vars.global("group_replication_recovery_tls_ciphersuites")).isNull();

        assertThat(vars.resetPersist("max_connections", false)).isEmpty();
        assertThat(vars.global("max_connections")).isEqualTo(500L);
        assertThat(start().variables().global("max_connections")).isEqualTo(151L);
        assertThatThrownBy(() -> vars.resetPersist("max_connections", false))
                .hasMessage("Variable max_connections does not exist in persisted config file");
        assertThat(vars.resetPersist("max_connections", true)).singleElement()
                .satisfies(w -> assertThat(w.code()).isEqualTo(3615));
        vars.resetPersistAll();
        assertThat(start().variables().global("group_replication_member_weight")).isEqualTo(10L);
    }

    @Test
    void textWithQuotesAndBackslashesRoundTrips() throws Exception {
        String text = "SET @a = 'x\"y\\z', @b = \"\u00e9\"";
        start().variables().newSession().set("init_connect", Scope.PERSIST, text);
        assertThat(start().variables().global("init_connect")).isEqualTo(text);
    }

    @Test
    void refusedPersistWritesNothing() throws Exception {
        ServerConfig config = start();
        SessionVariables s = config.variables().newSession();
        assertThatThrownBy(() -> s.set("group_replication_ip_allowlist", Scope.PERSIST, "AUTOMATIC,10.0.0.1"))
                .hasMessageContaining("AUTOMATIC");
        assertThatThrownBy(() -> s.set("group_replication_start_on_boot", Scope.PERSIST_ONLY, "a"))
                .hasMessage("Variable 'group_replication_start_on_boot' can't be set to the value of 'a'");
        assertThat(config.datadir().resolve("mysqld-auto.cnf")).doesNotExist();
    }

    @Test
    void serverUuidIsGeneratedOnceAndKept() throws Exception {
        String uuid;
        try (LogCapture log = LogCapture.open()) {
            uuid = start().serverUuid();
            assertThat(log.linesContaining("[Warning] [MY-010075] [Server] No existing UUID has been found")).hasSize(1);
        }
        assertThat(Uuids.isValid(uuid)).isTrue();
        assertThat(Files.readString(dir.resolve("data/auto.cnf"))).isEqualTo("[auto]\nserver-uuid=" + uuid + "\n");
        try (LogCapture log = LogCapture.open()) {
            assertThat(start().serverUuid()).isEqualTo(uuid);
            assertThat(start().variables().global("server_uuid")).isEqualTo(uuid);
            assertThat(log.linesContaining("MY-010075")).isEmpty();
        }
    }

    @Test
    void readsMysqlsVersion1FileAndRefusesACorruptOne() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("mysqld-auto.cnf"), """
                { "Version" : 1 , "mysql_server" : { "max_connections" : { "Value" : "321" , "Metadata" : { "Timestamp" : 1 , "User" : "root" , "Host" : "" } } , "mysql_server_static_options" : { "group_replication_start_on_boot" : { "Value" : "OFF" , "Metadata" : { "Timestamp" : 1 , "User" : "root" , "Host" : "" } } } } }
                """);
        SystemVariables vars = start().variables();
        assertThat(vars.global("max_connections")).isEqualTo(321L);
        assertThat(vars.global("group_replication_start_on_boot")).isEqualTo(0L);

        Files.writeString(data.resolve("mysqld-auto.cnf"), "{ \"Version\" : 2 , ");
        assertThatThrownBy(this::start).hasMessage(
                "Persisted config file is corrupted. Please ensure mysqld-auto.cnf file is valid JSON.");
    }
}
