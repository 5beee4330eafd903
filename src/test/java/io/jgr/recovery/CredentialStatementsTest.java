package io.jgr.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.log.GeneralLog;
import io.jgr.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** CHANGE / RESET for the recovery channel through Connector/J against a real member. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialStatementsTest {
    private static final String PASSWORD = "Stored-Pw-x81q";
    private static final String CHANGE = "CHANGE MASTER TO MASTER_USER='rpl', MASTER_PASSWORD='" + PASSWORD
            + "' FOR CHANNEL 'group_replication_recovery'";

    @TempDir
    static Path dir;
    TestMember member;

    @BeforeAll
    void start() throws Exception {
        member = new TestMember("127.0.0.1", dir.resolve("m1"), new TestMember.Pki(Files.createDirectories(dir.resolve("pki"))));
        member.sql("CREATE USER app@'%' IDENTIFIED BY 'app-pw'", "CREATE USER admin@'%' IDENTIFIED BY 'admin-pw'",
                "GRANT REPLICATION_SLAVE_ADMIN ON *.* TO admin@'%'");
    }

    @AfterAll
    void stop() throws Exception {
        member.close();
    }

    @Test
    void changeStoresEncryptedReturnsNotesAndSurvivesRestart() throws Exception {
        try (LogCapture log = LogCapture.open()) {
            try (Connection c = member.root(); Statement s = c.createStatement()) {
                s.execute(CHANGE);
                assertThat(notes(s)).containsExactly("Note 1759 Sending passwords in plain text without SSL/TLS is extremely insecure.",
                        "Note 1760 " + io.jgr.sql.error.MySqlError.ER_INSECURE_CHANGE_MASTER.message());
                assertThat(rows(s, "SHOW WARNINGS")).hasSize(2);
                assertThat(rows(s, "SELECT CHANNEL_NAME, USER FROM performance_schema.replication_connection_configuration"))
                        .containsExactly(List.of("group_replication_recovery", "rpl"));
                assertThat(String.join(",", rows(s, "SELECT * FROM performance_schema.replication_connection_configuration").get(0)))
                        .doesNotContain(PASSWORD);
                for (String column : List.of("USER_PASSWORD", "PASSWORD", "SOURCE_PASSWORD")) {
                    assertThatThrownBy(() -> s.executeQuery("SELECT " + column + " FROM performance_schema.replication_connection_configuration"))
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1054))
                            .hasMessage("Unknown column '" + column + "' in 'field list'");
                }
            }
            // over TLS only 1760
            try (Connection c = member.connect("root", TestMember.ROOT_PASSWORD, true); Statement s = c.createStatement()) {
                s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER = 'rpl', SOURCE_PASSWORD = '" + PASSWORD
                        + "' FOR CHANNEL 'group_replication_recovery'");
                assertThat(notes(s)).containsExactly("Note 1760 " + io.jgr.sql.error.MySqlError.ER_INSECURE_CHANGE_MASTER.message());
            }
            assertThat(member.recovery.credentials().stored()).contains(new StoredCredentials("rpl", PASSWORD));
            member.restart();
            assertThat(member.recovery.credentials().stored()).contains(new StoredCredentials("rpl", PASSWORD));
            assertThat(filesContaining(member.datadir, PASSWORD)).isEmpty();
            assertThat(log.lines()).noneMatch(l -> l.contains(PASSWORD));
        }
    }

    @Test
    void disallowedOptionIs3139AndStoresNothing() throws Exception {
        member.sql("CHANGE REPLICATION SOURCE TO SOURCE_USER='keep', SOURCE_PASSWORD='keep-pw' FOR CHANNEL 'group_replication_recovery'");
        for (String sql : List.of(
                "CHANGE MASTER TO MASTER_USER='x', MASTER_PASSWORD='Leak-Pw-1', MASTER_PORT=3306 FOR CHANNEL 'group_replication_recovery'",
                "CHANGE REPLICATION SOURCE TO SOURCE_HOST='h', SOURCE_USER='x' FOR CHANNEL 'group_replication_recovery'",
                "CHANGE REPLICATION SOURCE TO SOURCE_AUTO_POSITION=1 FOR CHANNEL 'GROUP_REPLICATION_RECOVERY'")) {
            try (Connection c = member.root(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute(sql)).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(3139);
                    assertThat(e.getSQLState()).isEqualTo("HY000");
                }).hasMessage("CHANGE MASTER with the given parameters cannot be performed on channel 'group_replication_recovery'.");
            }
        }
        assertThat(member.recovery.credentials().stored()).contains(new StoredCredentials("keep", "keep-pw"));
        // PRIVILEGE_CHECKS_USER is allowed; leaving out the password keeps the stored one
        member.sql("CHANGE REPLICATION SOURCE TO SOURCE_USER='keep2', PRIVILEGE_CHECKS_USER = 'checker'@'localhost' FOR CHANNEL 'group_replication_recovery'");
        assertThat(member.recovery.credentials().stored()).contains(new StoredCredentials("keep2", "keep-pw"));
    }

    @Test
    void privilegesChannelsAndReset() throws Exception {
        try (Connection c = member.connect("app", "app-pw", false); Statement s = c.createStatement()) {
            for (String sql : List.of(CHANGE, "RESET REPLICA ALL FOR CHANNEL 'group_replication_recovery'")) {
                assertThatThrownBy(() -> s.execute(sql)).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(1227))
                        .hasMessage("Access denied; you need (at least one of) the SUPER or REPLICATION_SLAVE_ADMIN privilege(s) for this operation");
            }
        }
        try (Connection c = member.connect("admin", "admin-pw", false); Statement s = c.createStatement()) {
            s.execute(CHANGE);
            assertThatThrownBy(() -> s.execute("CHANGE MASTER TO MASTER_USER='u', MASTER_PASSWORD='p' FOR CHANNEL 'other'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1235))
                    .hasMessageContaining("group_replication_recovery");
            assertThatThrownBy(() -> s.execute("CHANGE REPLICATION SOURCE TO SOURCE_USER='u'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1235));
            assertThatThrownBy(() -> s.execute("RESET REPLICA ALL FOR CHANNEL 'other'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3074))
                    .hasMessage("Replication channel 'other' does not exist.");
            assertThatThrownBy(() -> s.execute("CHANGE MASTER TO MASTER_PASSWORD='Syntax-Pw-77' MASTER_USER FOR CHANNEL 'group_replication_recovery'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1064))
                    .hasMessageNotContaining("Syntax-Pw-77");
            assertThat(member.recovery.credentials().stored()).isPresent();
            s.execute("RESET SLAVE FOR CHANNEL 'group_replication_recovery'"); // without ALL: kept
            assertThat(member.recovery.credentials().stored()).isPresent();
            s.execute("RESET REPLICA ALL FOR CHANNEL 'group_replication_recovery'");
            assertThat(member.recovery.credentials().stored()).isEmpty();
            assertThat(rows(s, "SELECT USER FROM performance_schema.replication_connection_configuration"))
                    .containsExactly(List.of(""));
        }
    }

    @Test
    void virtualTablesAnswerSimpleQueriesAndRefuseTheRest() throws Exception {
        try (Connection c = member.root(); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT CHANNEL_NAME FROM performance_schema.replication_connection_status "
                    + "WHERE CHANNEL_NAME = 'other'")).isEmpty();
            assertThat(rows(s, "select channel_name, service_state from PERFORMANCE_SCHEMA.replication_connection_status "
                    + "where channel_name = 'group_replication_recovery' and service_state = 'OFF'"))
                    .containsExactly(List.of("group_replication_recovery", "OFF"));
            assertThatThrownBy(() -> s.executeQuery("SELECT CHANNEL_NAME FROM performance_schema.replication_connection_status WHERE NOPE = 'a'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1054))
                    .hasMessage("Unknown column 'NOPE' in 'where clause'");
            assertThat(rows(s, "SELECT COUNT(*) FROM performance_schema.replication_connection_status "
                    + "WHERE CHANNEL_NAME LIKE 'group_replication%'")).containsExactly(List.of("1"));
            assertThatThrownBy(() -> s.executeQuery("SELECT CHANNEL_NAME FROM performance_schema.replication_connection_status LIMIT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1235));
            assertThatThrownBy(() -> s.execute("DELETE FROM performance_schema.replication_connection_status"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1142))
                    .hasMessageStartingWith("DELETE command denied to user 'root'@");
        }
    }

    @Test
    void generalLogMasksThePassword() throws Exception {
        Path file = dir.resolve("general.log");
        try (GeneralLog general = new GeneralLog("jgr", "8.0.36", "jgr", 3306)) {
            general.configure(true, file, true);
            general.statement(7, CHANGE);
            general.statement(7, "CHANGE REPLICATION SOURCE TO SOURCE_USER='rpl', SOURCE_PASSWORD='" + PASSWORD
                    + "' FOR CHANNEL 'group_replication_recovery'");
        }
        String text = Files.readString(file);
        assertThat(text).doesNotContain(PASSWORD).contains("MASTER_PASSWORD=<secret>").contains("SOURCE_PASSWORD=<secret>");
    }

    static List<String> notes(Statement s) throws SQLException {
        List<String> out = new ArrayList<>();
        for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
            out.add("Note " + w.getErrorCode() + " " + w.getMessage());
        }
        return out;
    }

    static List<List<String>> rows(Statement s, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** Every regular file under {@code dir} whose bytes contain {@code secret} (UTF-8 or UTF-16). */
    static List<Path> filesContaining(Path dir, String secret) throws Exception {
        byte[][] needles = {secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_16BE),
                secret.getBytes(StandardCharsets.UTF_16LE)};
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(f);
                for (byte[] n : needles) {
                    if (indexOf(b, n) >= 0) {
                        hits.add(f);
                        break;
                    }
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
