package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.auth.PasswordHashes;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.Session;
import io.jgr.sql.engine.TlsRequirement;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accounts, host matching, privileges enforced with MySQL's errors, and nothing but hashes stored. */
class AccountsTest {
    @TempDir
    Path dir;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static void fails(Session s, String sql, int code, String text) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(code))
                .hasMessage(text);
    }

    @Test
    void createUserStoresHashesAndOptions() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session root = f.root()) {
            root.execute("CREATE USER 'app'@'%' IDENTIFIED BY 'pw-Secret-42' REQUIRE SSL");
            root.execute("CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY 'other'");
            assertThat(root.warnings()).extracting(w -> w.code()).containsExactly(3163);
            root.execute("CREATE USER legacy@'10.0.0.%' IDENTIFIED WITH mysql_native_password BY 'old' ACCOUNT LOCK");
            Account app = f.engine.findAccount("app", ip("198.51.100.7")).orElseThrow();
            assertThat(app.host()).isEqualTo("%");
            assertThat(app.plugin()).isEqualTo("caching_sha2_password");
            assertThat(app.sha2Hash()).isEqualTo(PasswordHashes.sha2Hash("pw-Secret-42"));
            assertThat(app.nativeHash()).isEqualTo(PasswordHashes.nativeHash("pw-Secret-42"));
            assertThat(app.tlsRequirement()).isEqualTo(TlsRequirement.SSL);
            Account legacy = f.engine.findAccount("legacy", ip("10.0.0.9")).orElseThrow();
            assertThat(legacy.plugin()).isEqualTo("mysql_native_password");
            assertThat(legacy.locked()).isTrue();
            assertThat(f.engine.findAccount("legacy", ip("10.0.1.9"))).isEmpty();
            fails(root, "CREATE USER 'app'@'%' IDENTIFIED BY 'x'", 1396, "Operation CREATE USER failed for 'app'@'%'");
            fails(root, "CREATE USER x IDENTIFIED WITH sha256_password BY 'x'", 1524, "Plugin 'sha256_password' is not loaded");
            root.execute("ALTER USER 'app'@'%' IDENTIFIED BY 'new-pw' REQUIRE NONE ACCOUNT LOCK");
            app = f.engine.findAccount("app", ip("198.51.100.7")).orElseThrow();
            assertThat(app.sha2Hash()).isEqualTo(PasswordHashes.sha2Hash("new-pw"));
            assertThat(app.tlsRequirement()).isEqualTo(TlsRequirement.NONE);
            assertThat(app.locked()).isTrue();
            root.execute("DROP USER 'app'@'%'");
            assertThat(f.engine.findAccount("app", ip("198.51.100.7"))).isEmpty();
            fails(root, "DROP USER 'app'@'%'", 1396, "Operation DROP USER failed for 'app'@'%'");
        }
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,localhost", "10.1.2.3,10.1.2.%", "10.1.9.9,10.1.%", "192.0.2.1,%", "10.1.2.200,10.1.2.128/255.255.255.128"})
    void mostSpecificHostWins(String client, String expectedHost) throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session root = f.root()) {
            for (String host : List.of("%", "10.1.%", "10.1.2.%", "localhost", "10.1.2.128/255.255.255.128")) {
                root.execute("CREATE USER 'u'@'" + host + "' IDENTIFIED BY 'x'");
            }
            assertThat(f.engine.findAccount("u", ip(client)).orElseThrow().host()).isEqualTo(expectedHost);
        }
    }

    @Test
    void privilegesAreEnforced() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session root = f.root()) {
            root.execute("CREATE DATABASE shop");
            root.execute("CREATE DATABASE secret");
            root.execute("CREATE TABLE shop.t (id INT PRIMARY KEY, v INT)");
            root.execute("CREATE TABLE shop.u (id INT PRIMARY KEY)");
            root.execute("CREATE USER app@'%' IDENTIFIED BY 'pw'");
            InetAddress from = ip("192.0.2.10");
            try (Session app = f.as("app", from, null)) {
                fails(app, "USE shop", 1044, "Access denied for user 'app'@'192.0.2.10' to database 'shop'");
                fails(app, "SELECT * FROM shop.t", 1142, "SELECT command denied to user 'app'@'192.0.2.10' for table 't'");
                assertThat(EngineFixture.rows(app.execute("SHOW DATABASES"))).containsExactly(List.of("information_schema"));
                root.execute("GRANT SELECT, INSERT ON shop.* TO app@'%'");
                app.execute("USE shop");
                app.execute("INSERT INTO t VALUES (1, 1)");
                assertThat(EngineFixture.scalar(app, "SELECT COUNT(*) FROM t JOIN u ON u.id = t.id")).isEqualTo(0L);
                fails(app, "UPDATE t SET v = 2", 1142, "UPDATE command denied to user 'app'@'192.0.2.10' for table 't'");
                fails(app, "DELETE FROM t", 1142, "DELETE command denied to user 'app'@'192.0.2.10' for table 't'");
                fails(app, "REPLACE INTO t VALUES (1, 3)", 1142, "DELETE command denied to user 'app'@'192.0.2.10' for table 't'");
                fails(app, "CREATE TABLE n (id INT PRIMARY KEY)", 1142, "CREATE command denied to user 'app'@'192.0.2.10' for table 'n'");
                fails(app, "DROP TABLE t", 1142, "DROP command denied to user 'app'@'192.0.2.10' for table 't'");
                fails(app, "SELECT * FROM secret.x", 1142, "SELECT command denied to user 'app'@'192.0.2.10' for table 'x'");
                fails(app, "CREATE DATABASE other", 1044, "Access denied for user 'app'@'192.0.2.10' to database 'other'");
                fails(app, "SET GLOBAL max_allowed_packet = 1024", 1227,
                        "Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation");
                fails(app, "SET PERSIST group_replication_group_name = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'", 1227,
                        "Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation");
                fails(app, "CREATE USER x", 1227, "Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation");
                fails(app, "GRANT SELECT ON shop.* TO app@'%'", 1044, "Access denied for user 'app'@'192.0.2.10' to database 'shop'");
                assertThat(EngineFixture.rows(app.execute("SHOW DATABASES"))).containsExactly(List.of("information_schema"), List.of("shop"));
                assertThat(EngineFixture.rows(app.execute("SHOW GRANTS"))).containsExactly(List.of("GRANT USAGE ON *.* TO `app`@`%`"),
                        List.of("GRANT SELECT, INSERT ON `shop`.* TO `app`@`%`"));
                app.execute("SET SESSION sql_mode = ''");
                root.execute("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO app@'%'");
                app.execute("SET GLOBAL max_allowed_packet = 2048");
                root.execute("GRANT UPDATE ON shop.t TO app@'%'");
                app.execute("UPDATE t SET v = 2");
                fails(app, "UPDATE u SET id = 2", 1142, "UPDATE command denied to user 'app'@'192.0.2.10' for table 'u'");
                root.execute("REVOKE SELECT, INSERT ON shop.* FROM app@'%'");
                fails(app, "SELECT * FROM t", 1142, "SELECT command denied to user 'app'@'192.0.2.10' for table 't'");
                fails(root, "REVOKE SELECT ON secret.* FROM app@'%'", 1141, "There is no such grant defined for user 'app' on host '%'");
                fails(root, "GRANT SUPER ON shop.* TO app@'%'", 1221, "Incorrect usage of DB GRANT and GLOBAL PRIVILEGES");
                fails(root, "GRANT GROUP_REPLICATION_ADMIN ON shop.* TO app@'%'", 3619, "Illegal privilege level specified for GROUP_REPLICATION_ADMIN");
                fails(root, "GRANT SELECT ON shop.* TO nobody@'%'", 1410, "You are not allowed to create a user with GRANT");
                root.execute("GRANT REPLICATION SLAVE, REPLICATION_SLAVE_ADMIN, GROUP_REPLICATION_ADMIN ON *.* TO app@'%'");
                assertThat(EngineFixture.rows(root.execute("SHOW GRANTS FOR app@'%'"))).containsExactly(
                        List.of("GRANT REPLICATION SLAVE ON *.* TO `app`@`%`"),
                        List.of("GRANT REPLICATION_SLAVE_ADMIN,GROUP_REPLICATION_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `app`@`%`"),
                        List.of("GRANT UPDATE ON `shop`.`t` TO `app`@`%`"));
                app.execute("ALTER USER USER() IDENTIFIED BY 'mine'");
                assertThat(f.engine.findAccount("app", from).orElseThrow().sha2Hash()).isEqualTo(PasswordHashes.sha2Hash("mine"));
            }
        }
    }

    @Test
    void passwordsAreNeverStoredOrEchoed() throws Exception {
        String secret = "Pw-Never-Stored-9137";
        try (EngineFixture f = new EngineFixture(dir); Session root = f.root()) {
            root.execute("CREATE USER app IDENTIFIED BY '" + secret + "'");
            root.execute("SET PASSWORD FOR app = '" + secret + "x'");
            assertThatThrownBy(() -> root.execute("CREATE USER app2 IDENTIFIED BY '" + secret + "' BOGUS"))
                    .isInstanceOf(SQLException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
            assertThatThrownBy(() -> root.execute("ALTER USER app IDENTIFIED BY '" + secret + "' WHAT"))
                    .isInstanceOf(SQLException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertThat(content).as(p.toString()).doesNotContain(secret).doesNotContain(EngineFixture.ROOT_PASSWORD);
            }
        }
    }

    @Test
    void rootPasswordIsGeneratedOnceWhenNoneIsGiven() throws Exception {
        try (H2Engine engine = H2Engine.open(dir, new MapVariables())) {
            String pw = engine.takeGeneratedRootPassword().orElseThrow();
            assertThat(pw).hasSize(20);
            assertThat(engine.takeGeneratedRootPassword()).isEmpty();
            Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
            assertThat(root.sha2Hash()).isEqualTo(PasswordHashes.sha2Hash(pw));
            assertThat(engine.findAccount("root", ip("192.0.2.1"))).isEmpty();
        }
        try (H2Engine again = H2Engine.open(dir, new MapVariables())) {
            assertThat(again.takeGeneratedRootPassword()).isEmpty();
        }
    }
}
