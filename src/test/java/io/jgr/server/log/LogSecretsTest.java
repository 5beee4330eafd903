package io.jgr.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.ServerConfig;
import io.jgr.server.config.SessionVariables;
import io.jgr.server.config.SessionVariables.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member configured from an options file writes its error log to log_error and its general log
 * to general_log_file; after sessions that set passwords every way MySQL allows, neither file
 * contains any of them.
 */
class LogSecretsTest {
    private static final List<String> PASSWORDS =
            List.of("Alpha-1pw", "Bravo'2pw", "Charlie\"3pw", "Delta\\4pw", "Echo5pw", "Foxtrot6pw", "Golf7pw",
                    "Hotel8pw", "India9pw", "Optpw0");

    @TempDir
    Path dir;

    @Test
    void noPasswordReachesTheErrorOrGeneralLog() throws Exception {
        Path cnf = dir.resolve("my.cnf");
        Files.writeString(cnf, """
                [mysqld]
                datadir=%s
                log_error=member.err
                general_log=ON
                general_log_file=general.log
                [jgr]
                root_password=Optpw0
                """.formatted(dir.resolve("data")));
        ServerConfig config = ServerConfig.load(List.of(), "--defaults-file=" + cnf);
        Path errorFile;
        Path generalFile;
        try (ErrorLogFile errorLog = config.openErrorLog().orElseThrow();
                GeneralLog general = config.openGeneralLog()) {
            errorFile = errorLog.file();
            generalFile = general.file();
            ErrorLog.write(LogLevel.SYSTEM, "MY-010931", "Server", "ready for connections.");
            // A mistyped password option is reported without its value.
            assertThatThrownBy(() -> ServerConfig.load(List.of(), "--defaults-file=" + cnf, "--root-pasword=Echo5pw"))
                    .hasMessage("unknown variable 'root-pasword=<secret>'.");

            general.connect(8, "root", "localhost", "", true);
            general.statement(8, "CREATE USER 'a'@'%' IDENTIFIED BY 'Alpha-1pw' REQUIRE SSL");
            general.statement(8, "ALTER USER a IDENTIFIED BY 'Bravo''2pw' REPLACE 'Alpha-1pw'");
            general.statement(8, "SET PASSWORD FOR a = \"Charlie\\\"3pw\"");
            general.statement(8, "CREATE USER b IDENTIFIED WITH caching_sha2_password BY 'Delta\\\\4pw'");
            general.statement(8, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='Foxtrot6pw'"
                    + " FOR CHANNEL 'group_replication_recovery'");
            general.statement(8, "CHANGE MASTER TO MASTER_USER='rpl', MASTER_PASSWORD='Golf7pw'"
                    + " FOR CHANNEL 'group_replication_recovery'");
            general.statement(8, "START GROUP_REPLICATION USER='rpl', PASSWORD='Hotel8pw'");
            general.command(8, "Prepare", "CREATE USER c IDENTIFIED BY 'India9pw'");
            general.command(8, "Execute", "CREATE USER c IDENTIFIED BY 'India9pw'");
            general.statement(8, "SELECT 1");
            general.quit(8);

            // SET GLOBAL general_log=OFF stops writing.
            SessionVariables s = config.variables().newSession();
            s.set("general_log", Scope.GLOBAL, "OFF");
            general.statement(8, "SELECT 'after off'");
            assertThat(general.enabled()).isFalse();
        }
        String errorText = Files.readString(errorFile);
        String generalText = Files.readString(generalFile);
        assertThat(errorText).contains("[System] [MY-010931] [Server] ready for connections.")
                .contains("[ERROR] [MY-000067] [Server] unknown variable 'root-pasword=<secret>'.");
        assertThat(generalText)
                .startsWith("jgr, Version: 8.0.36-jgr (jgr - MySQL Group Replication in Java). started with:\n"
                        + "Tcp port: 3306  Unix socket: \nTime                 Id Command    Argument\n")
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z\t    8 Connect\troot@localhost on  using SSL/TLS\n")
                .contains("\t    8 Query\tCREATE USER 'a'@'%' IDENTIFIED BY <secret> REQUIRE SSL\n")
                .contains("\t    8 Query\tSELECT 1\n")
                .contains("\t    8 Quit\t\n")
                .doesNotContain("after off");
        for (String pw : PASSWORDS) {
            assertThat(errorText).as("error log").doesNotContain(pw);
            assertThat(generalText).as("general log").doesNotContain(pw);
        }
        assertThat(generalText.split("<secret>", -1)).hasSize(11);
    }
}
