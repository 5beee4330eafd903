package io.jgr.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.OptionsFile.Option;
import io.jgr.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** my.cnf syntax as MySQL reads it, and how options reach the registry. */
class OptionsFileTest {
    @TempDir
    Path dir;

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("port=3307", "port", "3307"),
                Arguments.of("  port = 3307  ", "port", "3307"),
                Arguments.of("skip-name-resolve", "skip-name-resolve", null),
                Arguments.of("report_host = \"db 1.example\"", "report_host", "db 1.example"),
                Arguments.of("report_host = 'db1' # a comment", "report_host", "db1"),
                Arguments.of("init_connect = \"SET @a='#not a comment'\"", "init_connect", "SET @a='#not a comment'"),
                Arguments.of("ssl_cipher = ECDHE-RSA-AES128-GCM-SHA256 # strong", "ssl_cipher", "ECDHE-RSA-AES128-GCM-SHA256"),
                Arguments.of("init_connect = a\\sb\\tc\\\\d", "init_connect", "a b\tc\\d"),
                Arguments.of("datadir = C:\\data\\x", "datadir", "C:\\data\\x"),
                Arguments.of("report_host = \"", "report_host", "\""),
                Arguments.of("empty =", "empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parsesOptionLines(String line, String name, String value) {
        Option o = OptionsFile.parseOption(OptionsFile.removeEndComment(line.strip()), "t");
        assertThat(o.name()).isEqualTo(name);
        assertThat(o.value()).isEqualTo(value);
    }

    @Test
    void readsWantedGroupsAndIncludes() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/b.cnf"), "[mysqld]\nserver_id=7\n");
        Files.writeString(dir.resolve("conf.d/a.cnf"), "[mysqld]\nserver_id=6\n");
        Files.writeString(dir.resolve("conf.d/ignored.txt"), "[mysqld]\nserver_id=99\n");
        Files.writeString(dir.resolve("extra.cnf"), "[jgr]\nreport_port=4000\n");
        Files.writeString(dir.resolve("my.cnf"), """
                # comment
                ; another comment
                [client]
                password=clientsecret
                [mysqld]
                port = 3310
                !include extra.cnf
                !includedir conf.d
                [mysqldump]
                quick
                [JGR]
                loose-group_replication_ssl_mode=REQUIRED
                """);
        List<Option> options = OptionsFile.read(dir.resolve("my.cnf"), OptionsFile.SERVER_GROUPS);
        assertThat(options).extracting(Option::name).containsExactly(
                "port", "report_port", "server_id", "server_id", "loose-group_replication_ssl_mode");
        assertThat(options).extracting(Option::value).containsExactly("3310", "4000", "6", "7", "REQUIRED");
    }

    @Test
    void optionBeforeAnyGroupIsAnError() throws IOException {
        Files.writeString(dir.resolve("my.cnf"), "port=1\n[mysqld]\n");
        assertThatThrownBy(() -> OptionsFile.read(dir.resolve("my.cnf"), OptionsFile.SERVER_GROUPS))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Found option without preceding group in config file " + dir.resolve("my.cnf") + " at line 1");
    }

    @Test
    void missingDefaultsFileIsAnError() {
        assertThatThrownBy(() -> OptionsFile.read(dir.resolve("none.cnf"), OptionsFile.SERVER_GROUPS))
                .hasMessage("Could not open required defaults file: " + dir.resolve("none.cnf"));
    }

    static Stream<Arguments> applied() {
        return Stream.of(
                Arguments.of("group-replication-ssl-mode", "verify_ca", "group_replication_ssl_mode", "VERIFY_CA"),
                Arguments.of("loose-group_replication_start_on_boot", "OFF", "group_replication_start_on_boot", "OFF"),
                Arguments.of("skip-group-replication-start-on-boot", null, "group_replication_start_on_boot", "OFF"),
                Arguments.of("disable-general-log", null, "general_log", "OFF"),
                Arguments.of("enable-general-log", null, "general_log", "ON"),
                Arguments.of("general_log", null, "general_log", "ON"),
                Arguments.of("general_log", "1", "general_log", "ON"),
                Arguments.of("skip_name_resolve", null, "skip_name_resolve", "ON"),
                Arguments.of("max_allowed_packet", "16M", "max_allowed_packet", "16777216"),
                Arguments.of("max_connections", "0", "max_connections", "1"),
                Arguments.of("default-time-zone", "+00:00", "time_zone", "+00:00"),
                Arguments.of("log-bin", "binlog", "log_bin", "ON"),
                Arguments.of("skip-log-bin", null, "log_bin", "OFF"),
                Arguments.of("sql_mode", "ANSI_QUOTES,STRICT_ALL_TABLES", "sql_mode", "ANSI_QUOTES,STRICT_ALL_TABLES"),
                // Options bypass SET-time checks as in MySQL; START GROUP_REPLICATION validates.
                Arguments.of("group_replication_ip_allowlist", "AUTOMATIC,10.0.0.1", "group_replication_ip_allowlist",
                        "AUTOMATIC,10.0.0.1"));
    }

    @ParameterizedTest(name = "--{0}={1}")
    @MethodSource("applied")
    void optionsReachTheRegistry(String name, String value, String variable, String shown) throws Exception {
        SystemVariables vars = SystemVariables.standard();
        new StartupOptions(vars, List.of()).apply(new Option(name, value, "t"));
        assertThat(vars.globalText(variable)).isEqualTo(shown);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("foo", "bar", "MY-000067", "unknown variable 'foo=bar'."),
                Arguments.of("foo", null, "MY-000068", "unknown option '--foo'."),
                Arguments.of("root_pasword", "hunter2", "MY-000067", "unknown variable 'root_pasword=<secret>'."),
                Arguments.of("group_replication_ssl_mode", "PREFERRED", "MY-000077",
                        "Error while setting value 'PREFERRED' to 'group_replication_ssl_mode'."),
                Arguments.of("port", "abc", "MY-000077", "Error while setting value 'abc' to 'port'."),
                Arguments.of("port", null, "MY-010000", "option '--port' requires an argument"),
                Arguments.of("skip-general-log", "1", "MY-010000", "option '--skip-general-log' cannot take an argument"));
    }

    @ParameterizedTest(name = "--{0}={1}")
    @MethodSource("refused")
    void badOptionsAbortStart(String name, String value, String code, String text) {
        SystemVariables vars = SystemVariables.standard();
        assertThatThrownBy(() -> new StartupOptions(vars, List.of()).apply(new Option(name, value, "t")))
                .isInstanceOfSatisfying(OptionsException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(text);
                });
    }

    @Test
    void unknownLooseOptionIsAWarning() throws Exception {
        SystemVariables vars = SystemVariables.standard();
        try (LogCapture log = LogCapture.open()) {
            new StartupOptions(vars, List.of()).apply(new Option("loose-group_replication_foo", "x", "t"));
            assertThat(log.linesContaining("unknown variable")).singleElement().asString()
                    .contains("[Warning] [MY-000067] [Server] unknown variable 'loose-group_replication_foo=x'.");
        }
    }

    @Test
    void commandLineOverridesTheFileAndUnknownAborts() throws Exception {
        Files.writeString(dir.resolve("my.cnf"), """
                [mysqld]
                port=3310
                server-id=5
                datadir=%s
                [jgr]
                root_password=s3cret
                """.formatted(dir.resolve("data")));
        ServerConfig config = ServerConfig.load(List.of(), "--defaults-file=" + dir.resolve("my.cnf"), "--port=3320",
                "--report-host=member1");
        SystemVariables vars = config.variables();
        assertThat(vars.globalValue("port")).isEqualTo(3320L);
        assertThat(vars.globalValue("report_port")).isEqualTo(3320L);
        assertThat(vars.globalValue("server_id")).isEqualTo(5L);
        assertThat(vars.globalValue("report_host")).isEqualTo("member1");
        assertThat(vars.globalValue("datadir")).isEqualTo(dir.resolve("data") + "/");
        assertThat(config.option("root-password")).contains("s3cret");

        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> ServerConfig.load(List.of(), "--defaults-file=" + dir.resolve("my.cnf"),
                    "--no-such-thing=1")).hasMessage("unknown variable 'no-such-thing=1'.");
            assertThat(log.lines()).anyMatch(l -> l.contains("[ERROR] [MY-000067] [Server] unknown variable 'no-such-thing=1'."))
                    .anyMatch(l -> l.contains("[ERROR] [MY-010119] [Server] Aborting"));
        }
        assertThatThrownBy(() -> ServerConfig.load(List.of(), "stray"))
                .hasMessage("Too many arguments (first extra is 'stray').");
    }
}
