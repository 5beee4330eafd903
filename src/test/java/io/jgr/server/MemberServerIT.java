package io.jgr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.testing.ExternalTools;
import io.jgr.testing.Tmux;
import io.jgr.testing.cluster.Cluster;
import io.jgr.testing.cluster.ClusterPki;
import io.jgr.testing.cluster.MariaDbCli;
import io.jgr.testing.cluster.MemberProcess;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 4's acceptance against one real member process (shared by the tests here; each test uses
 * its own database or account): the mariadb client batch and interactive over verified TLS,
 * Connector/J with VERIFY_IDENTITY, accounts and privileges, SET rules, ALTER INSTANCE RELOAD TLS.
 */
class MemberServerIT {
    private static Cluster cluster;
    private static MemberProcess member;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(1);
        member = cluster.member(1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void root(String... statements) throws SQLException {
        member.execRoot(statements);
    }

    @Test
    void mariadbBatchOverVerifiedTls() throws Exception {
        ExternalTools.Outcome r = MariaDbCli.root(member).batch(String.join("\n",
                "CREATE DATABASE cli;",
                "USE cli;",
                "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));",
                "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');",
                "UPDATE t SET v = 'uno' WHERE id = 1;",
                "DELETE FROM t WHERE id = 3;",
                "START TRANSACTION;",
                "INSERT INTO t VALUES (4, 'four');",
                "ROLLBACK;",
                "BEGIN;",
                "INSERT INTO t VALUES (5, 'five');",
                "COMMIT;",
                "SELECT * FROM t ORDER BY id;",
                "SHOW DATABASES;",
                "SHOW TABLES;",
                "SHOW COLUMNS FROM t;",
                "SHOW VARIABLES LIKE 'port';",
                "SHOW STATUS LIKE 'Ssl_version';",
                "SHOW SESSION STATUS LIKE 'Ssl_cipher';"));
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.stdout())
                .contains("id\tv\n1\tuno\n2\ttwo\n5\tfive\n")
                .contains("Database\n").contains("\ncli\n")
                .contains("Tables_in_cli\nt\n")
                .contains("Field\tType\tNull\tKey\tDefault\tExtra\nid\tint\tNO\tPRI\tNULL\t\nv\tvarchar(20)\tYES\t\tNULL\t\n")
                .contains("port\t" + member.port() + "\n")
                .containsPattern("Ssl_version\tTLSv1\\.[23]");
    }

    @Test
    void mariadbShowsMySqlErrorTexts() throws Exception {
        root("CREATE DATABASE errs", "CREATE TABLE errs.t (id INT PRIMARY KEY)");
        ExternalTools.Outcome dup = MariaDbCli.root(member).database("errs")
                .batch("INSERT INTO t VALUES (7);\nINSERT INTO t VALUES (7);\n");
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.stderr()).contains("ERROR 1062 (23000) at line 2: Duplicate entry '7' for key 't.PRIMARY'");
        ExternalTools.Outcome missing = MariaDbCli.root(member).database("errs").execute("SELECT * FROM missing");
        assertThat(missing.stderr()).contains("ERROR 1146 (42S02) at line 1: Table 'errs.missing' doesn't exist");
        ExternalTools.Outcome bad = MariaDbCli.as(member, "root", "wrong").execute("SELECT 1");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.stderr()).contains("ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)");
    }

    @Test
    void mariadbInteractiveUnderTmux() throws Exception {
        root("CREATE DATABASE tty", "CREATE TABLE tty.t (id INT PRIMARY KEY, v VARCHAR(10))");
        try (Tmux tmux = Tmux.start(MariaDbCli.root(member).database("tty").shellCommand())) {
            tmux.waitFor("MySQL [tty]>"); // libmariadb names a MySQL server so
            tmux.type("INSERT INTO t VALUES (1, 'typed');");
            tmux.waitFor("Query OK, 1 row affected");
            tmux.type("INSERT INTO t VALUES (2, 'two'), (3, 'three');");
            tmux.waitFor("Records: 2  Duplicates: 0  Warnings: 0");
            tmux.type("SELECT v FROM t;");
            tmux.waitFor("| typed |");
            tmux.type("SELECT * FROM nope;");
            tmux.waitFor("ERROR 1146 (42S02): Table 'tty.nope' doesn't exist");
            tmux.type("\\s");
            tmux.waitFor("Cipher in use is");
            tmux.type("exit");
            tmux.waitForExit();
        }
    }

    @Test
    void connectorJWithVerifyIdentity() throws Exception {
        root("CREATE DATABASE cj", "CREATE TABLE cj.auto (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE cj.types (id INT PRIMARY KEY, i INT, b BIGINT, d DECIMAL(10,2), f DOUBLE, s VARCHAR(50),"
                        + " dt DATE, tm TIME, ts DATETIME, bl VARBINARY(10), bo BOOLEAN)");
        for (String mode : List.of("useServerPrepStmts=true", "useServerPrepStmts=false")) {
            try (Connection c = member.connect("root", MemberProcess.ROOT_PASSWORD, "cj", mode + "&rewriteBatchedStatements=false")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW STATUS LIKE 'Ssl_version'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).startsWith("TLSv1.");
                }
                // transactions
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO auto (v) VALUES ('rolled back')");
                    c.rollback();
                    // generated keys
                    s.executeUpdate("INSERT INTO auto (v) VALUES ('kept')", Statement.RETURN_GENERATED_KEYS);
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        assertThat(keys.next()).isTrue();
                        assertThat(keys.getLong(1)).isPositive();
                    }
                    c.commit();
                }
                c.setAutoCommit(true);
                // a multi-row INSERT (its OK packet carries an info text)
                try (Statement s = c.createStatement()) {
                    assertThat(s.executeUpdate("INSERT INTO auto (v) VALUES ('m1'), ('m2'), ('m3')")).isEqualTo(3);
                }
                // batch inserts
                try (PreparedStatement p = c.prepareStatement("INSERT INTO auto (v) VALUES (?)")) {
                    for (int i = 0; i < 5; i++) {
                        p.setString(1, "batch" + i);
                        p.addBatch();
                    }
                    assertThat(p.executeBatch()).containsExactly(1, 1, 1, 1, 1);
                }
                // Java types round trip through a prepared statement
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM types");
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO types VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                    p.setInt(1, 1);
                    p.setInt(2, -42);
                    p.setLong(3, Long.MAX_VALUE);
                    p.setBigDecimal(4, new BigDecimal("12345678.90"));
                    p.setDouble(5, 2.5e-3);
                    p.setString(6, "héllo ✓");
                    p.setObject(7, LocalDate.of(2024, 2, 29));
                    p.setObject(8, LocalTime.of(23, 59, 58));
                    p.setObject(9, LocalDateTime.of(2025, 1, 2, 3, 4, 5));
                    p.setBytes(10, new byte[] {0, 1, (byte) 0xff});
                    p.setBoolean(11, true);
                    p.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM types WHERE id = ?")) {
                    p.setInt(1, 1);
                    try (ResultSet rs = p.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(2)).isEqualTo(-42);
                        assertThat(rs.getLong(3)).isEqualTo(Long.MAX_VALUE);
                        assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("12345678.90");
                        assertThat(rs.getDouble(5)).isEqualTo(2.5e-3);
                        assertThat(rs.getString(6)).isEqualTo("héllo ✓");
                        assertThat(rs.getObject(7, LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
                        assertThat(rs.getObject(8, LocalTime.class)).isEqualTo(LocalTime.of(23, 59, 58));
                        assertThat(rs.getObject(9, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2025, 1, 2, 3, 4, 5));
                        assertThat(rs.getBytes(10)).containsExactly(0, 1, 0xff);
                        assertThat(rs.getBoolean(11)).isTrue();
                    }
                }
                // exceptions mapped by SQLSTATE
                try (Statement s = c.createStatement()) {
                    assertThatThrownBy(() -> s.executeUpdate("INSERT INTO types (id) VALUES (1)"))
                            .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23000"))
                            .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1062));
                    assertThatThrownBy(() -> s.executeQuery("SELECT * FROM nowhere"))
                            .isInstanceOf(SQLSyntaxErrorException.class)
                            .hasMessage("Table 'cj.nowhere' doesn't exist")
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S02"));
                }
            }
        }
    }

    @Test
    void requireSslAccountRefusedOverPlaintext() throws Exception {
        root("CREATE USER 'tlsonly'@'%' IDENTIFIED BY 'Tls-only-1' REQUIRE SSL");
        ExternalTools.Outcome plain = MariaDbCli.as(member, "tlsonly", "Tls-only-1").plaintext().execute("SELECT 1");
        assertThat(plain.exit()).isEqualTo(1);
        assertThat(plain.stderr()).contains("ERROR 1045 (28000): Access denied for user 'tlsonly'@'127.0.0.1' (using password: YES)");
        ExternalTools.Outcome tls = MariaDbCli.as(member, "tlsonly", "Tls-only-1").execute("SELECT CURRENT_USER()");
        assertThat(tls.stderr()).isEmpty();
        assertThat(tls.stdout()).contains("tlsonly@%");
    }

    @Test
    void privilegesRefuseAndAllowAsGranted() throws Exception {
        root("CREATE DATABASE priv", "CREATE TABLE priv.t (id INT PRIMARY KEY)", "INSERT INTO priv.t VALUES (1)",
                "CREATE USER 'reader'@'%' IDENTIFIED BY 'Reader-pw-1'", "GRANT SELECT ON priv.* TO 'reader'@'%'");
        MariaDbCli reader = MariaDbCli.as(member, "reader", "Reader-pw-1").database("priv");
        ExternalTools.Outcome read = reader.execute("SELECT id FROM t");
        assertThat(read.stderr()).isEmpty();
        assertThat(read.stdout()).isEqualTo("id\n1\n");
        ExternalTools.Outcome write = reader.execute("INSERT INTO t VALUES (2)");
        assertThat(write.stderr()).contains("ERROR 1142 (42000) at line 1: INSERT command denied to user 'reader'@'127.0.0.1' for table 't'");
        ExternalTools.Outcome gr = reader.execute("SET GLOBAL group_replication_ip_allowlist = '127.0.0.0/8'");
        assertThat(gr.stderr()).contains("ERROR 1227 (42000) at line 1: Access denied; you need (at least one of) the SUPER or"
                + " SYSTEM_VARIABLES_ADMIN privilege(s) for this operation");
        ExternalTools.Outcome reload = reader.execute("ALTER INSTANCE RELOAD TLS");
        assertThat(reload.stderr()).contains("ERROR 1227 (42000)");
        root("GRANT INSERT ON priv.t TO 'reader'@'%'");
        assertThat(reader.execute("INSERT INTO t VALUES (2)").stderr()).isEmpty();
        root("REVOKE INSERT ON priv.t FROM 'reader'@'%'");
        assertThat(reader.execute("INSERT INTO t VALUES (3)").stderr()).contains("ERROR 1142 (42000)");
    }

    @Test
    void requireSecureTransportRefusesPlaintextClients() throws Exception {
        root("SET GLOBAL require_secure_transport = ON");
        try {
            ExternalTools.Outcome plain = MariaDbCli.root(member).plaintext().execute("SELECT 1");
            assertThat(plain.stderr()).contains("ERROR 3159 (HY000): Connections using insecure transport are prohibited"
                    + " while --require_secure_transport=ON.");
            assertThat(MariaDbCli.root(member).execute("SELECT 1").stderr()).isEmpty();
        } finally {
            root("SET GLOBAL require_secure_transport = OFF");
        }
    }

    @Test
    void generalLogShowsConnectsAndMaskedStatements() throws Exception {
        root("CREATE USER 'logged'@'%' IDENTIFIED BY 'Never-in-a-log-9'");
        assertThat(member.generalLogLines())
                .anyMatch(l -> l.matches(".*\\d+ Connect\\troot@127\\.0\\.0\\.1 on  using SSL/TLS$"))
                .anyMatch(l -> l.endsWith("Query\tCREATE USER 'logged'@'%' IDENTIFIED BY <secret>"))
                .noneMatch(l -> l.contains("Never-in-a-log-9"));
    }

    /** The spec's SET rules through the real client, exact texts; each refused SET leaves the value alone. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SET GLOBAL group_replication_ssl_mode = 'PREFERRED' | ERROR 1231 (42000) at line 1: Variable 'group_replication_ssl_mode' can't be set to the value of 'PREFERRED'",
        "SET GLOBAL group_replication_ssl_mode = NULL | ERROR 1231 (42000) at line 1: Variable 'group_replication_ssl_mode' can't be set to the value of 'NULL'",
        "SET GLOBAL group_replication_ip_allowlist = NULL | ERROR 1231 (42000) at line 1: Variable 'group_replication_ip_allowlist' can't be set to the value of 'NULL'",
        "SET GLOBAL group_replication_ip_allowlist = DEFAULT | ERROR 1231 (42000) at line 1: Variable 'group_replication_ip_allowlist' can't be set to the value of 'DEFAULT'",
        "SET GLOBAL group_replication_ip_allowlist = 'AUTOMATIC,10.0.0.0/8' | ERROR 3092 (HY000) at line 1: ",
        "SET GLOBAL group_replication_ip_allowlist = '10.0.0.0/33' | ERROR 3092 (HY000) at line 1: ",
        "SET GLOBAL group_replication_start_on_boot = 'a' | ERROR 1231 (42000) at line 1: Variable 'group_replication_start_on_boot' can't be set to the value of 'a'",
        "SET GLOBAL group_replication_start_on_boot = 1.2 | ERROR 1232 (42000) at line 1: Incorrect argument type to variable 'group_replication_start_on_boot'",
        "SET GLOBAL group_replication_recovery_ssl_ca = REPEAT('a', 513) | ERROR 1231 (42000) at line 1: The given value for recovery ssl option is invalid as its length is beyond the limit",
        "SET GLOBAL group_replication_group_name = 'not-a-uuid' | ERROR 1231 (42000) at line 1: The group name is not a valid UUID",
        "SET SESSION group_replication_ssl_mode = 'REQUIRED' | ERROR 1229 (HY000) at line 1: Variable 'group_replication_ssl_mode' is a GLOBAL variable and should be set with SET GLOBAL",
        "SET GLOBAL no_such_variable = 1 | ERROR 1193 (HY000) at line 1: Unknown system variable 'no_such_variable'",
    })
    void setRulesThroughTheClient(String sql, String error) throws Exception {
        String variable = sql.replaceAll("^SET \\w+ (\\w+) =.*$", "$1");
        String before = variable.equals("no_such_variable") ? "" : MariaDbCli.root(member).execute("SELECT @@GLOBAL." + variable).stdout();
        ExternalTools.Outcome r = MariaDbCli.root(member).execute(sql);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains(error);
        if (!before.isEmpty()) {
            assertThat(MariaDbCli.root(member).execute("SELECT @@GLOBAL." + variable).stdout()).isEqualTo(before);
        }
    }

    /** sysbench oltp_read_write prepare + 10 s runs with both prepared-statement modes: no errors. */
    @Test
    void sysbenchOltpReadWrite() throws Exception {
        ExternalTools.require("sysbench");
        root("CREATE DATABASE sbtest", "CREATE USER 'sb'@'%' IDENTIFIED BY 'Sb-pass-1'", "GRANT ALL ON sbtest.* TO 'sb'@'%'");
        List<String> sb = List.of("sysbench", "oltp_read_write", "--db-driver=mysql", "--mysql-host=" + member.ip(),
                "--mysql-port=" + member.port(), "--mysql-user=sb", "--mysql-password=Sb-pass-1", "--mysql-db=sbtest",
                "--mysql-ssl=off", "--tables=1", "--table-size=1000", "--threads=1");
        ExternalTools.Outcome prepare = ExternalTools.run(concat(sb, "prepare"), null);
        assertThat(prepare.exit()).as(prepare.stderr() + prepare.stdout()).isZero();
        for (String mode : List.of("auto", "disable")) {
            ExternalTools.Outcome run = ExternalTools.run(concat(sb, "--db-ps-mode=" + mode, "--time=10", "run"), null,
                    java.time.Duration.ofSeconds(90));
            assertThat(run.exit()).as(run.stderr() + run.stdout()).isZero();
            assertThat(run.stdout()).contains("ignored errors:                      0 ").doesNotContain("FATAL");
            String tps = run.stdout().replaceAll("(?s).*transactions:\\s+\\d+\\s+\\(([0-9.]+) per sec.*", "$1");
            System.out.println("sysbench oltp_read_write --db-ps-mode=" + mode + ": " + tps + " TPS");
        }
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void alterInstanceReloadTlsServesTheNewCertificateToNewConnections() throws Exception {
        ClusterPki other = new ClusterPki(cluster.base().resolve("pki-rotated"), "jgr rotated CA");
        ClusterPki.MemberCertificate rotated = other.issue("member1-rotated", member.ip());
        MariaDbCli oldCa = MariaDbCli.root(member);
        MariaDbCli newCa = MariaDbCli.root(member).ca(other.caPem());
        assertThat(newCa.execute("SELECT 1").stderr()).isNotEmpty();

        // A failed reload changes nothing.
        ExternalTools.Outcome failed = oldCa.batch("SET GLOBAL ssl_cert = '" + cluster.base().resolve("missing.pem") + "';\n"
                + "ALTER INSTANCE RELOAD TLS;\n");
        assertThat(failed.stderr()).contains("ERROR 3888 (HY000) at line 2: Failed to set up SSL because of the following SSL library error: ");
        assertThat(oldCa.execute("SELECT 1").stderr()).isEmpty();

        ExternalTools.Outcome ok = oldCa.batch("SET GLOBAL ssl_cert = '" + rotated.certPem() + "';\n"
                + "SET GLOBAL ssl_key = '" + rotated.keyPem() + "';\n"
                + "ALTER INSTANCE RELOAD TLS;\n");
        assertThat(ok.stderr()).isEmpty();
        assertThat(newCa.execute("SELECT 'new certificate'").stdout()).contains("new certificate");
        assertThat(oldCa.execute("SELECT 1").stderr()).contains("ERROR 2026 (HY000)");

        // Back to the member's own certificate for the other tests.
        newCa.batch("SET GLOBAL ssl_cert = '" + member.certificate().certPem() + "';\n"
                + "SET GLOBAL ssl_key = '" + member.certificate().keyPem() + "';\nALTER INSTANCE RELOAD TLS;\n");
        assertThat(oldCa.execute("SELECT 1").stderr()).isEmpty();
    }
}
