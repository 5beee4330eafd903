package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.engine.ConnectionInfo;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connector/J 9.3 against the protocol server over real sockets and real TLS (VERIFY_IDENTITY). */
class ConnectorJClientTest {
    private static TestTls tls;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        tls = new TestTls();
        server = new TestServer(tls);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() throws Exception {
        server.engine.globals.put("require_secure_transport", "OFF");
        server.engine.globals.put("max_connections", "151");
        try (Connection c = connect("root", "rootpw"); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM t");
            s.executeUpdate("DELETE FROM alltypes");
        }
    }

    private static String url(String extra) {
        return "jdbc:mysql://127.0.0.1:" + server.port() + "/test?connectTimeout=10000&socketTimeout=60000"
                + "&useServerPrepStmts=true&cachePrepStmts=false" + extra;
    }

    private static String verifyIdentity() {
        return "&sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=" + tls.truststoreUrl()
                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit";
    }

    static Connection connect(String user, String password) throws SQLException {
        return connect(user, password, verifyIdentity());
    }

    static Connection connect(String user, String password, String extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(url(extra), p);
    }

    private static ConnectionInfo lastOpened() {
        return server.engine.opened.get(server.engine.opened.size() - 1);
    }

    @Test
    void connectsOverVerifiedTlsAndRunsTheConnectProbe() throws Exception {
        try (Connection c = connect("root", "rootpw"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(lastOpened().tlsVersion()).startsWith("TLSv1.");
            assertThat(lastOpened().schema()).isEqualTo("test");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(c.isValid(5)).isTrue();
            assertThat(c.getMetaData().getDatabaseProductVersion()).isEqualTo("8.0.36-jgr");
        }
    }

    @Test
    void everyJavaTypeRoundTripsThroughServerPreparedStatements() throws Exception {
        String text = "it's a \"quote\", a back\\slash, ünïcødé ✓ and 𝄞";
        byte[] bytes = {0, 1, 2, (byte) 0xFF, '\'', '\\', 0x7F};
        LocalDateTime micros = LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123456000);
        try (Connection c = connect("root", "rootpw")) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO alltypes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                assertThat(ps.getClass().getSimpleName()).isEqualTo("ServerPreparedStatement");
                ps.setInt(1, 1);
                ps.setByte(2, (byte) -128);
                ps.setShort(3, (short) -32768);
                ps.setLong(4, Long.MIN_VALUE);
                ps.setBigDecimal(5, new BigDecimal("-12345678901234.123456"));
                ps.setDouble(6, Math.PI);
                ps.setFloat(7, 1.5e-7f);
                ps.setString(8, text);
                ps.setBytes(9, bytes);
                ps.setObject(10, LocalDate.of(1999, 12, 31));
                ps.setObject(11, micros);
                ps.setObject(12, LocalTime.of(13, 14, 15, 654321000));
                ps.setBoolean(13, true);
                ps.setNull(14, Types.INTEGER);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM alltypes WHERE id = ?")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertRow(rs, text, bytes, micros);
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM alltypes")) {
                assertThat(rs.next()).isTrue();
                assertRow(rs, text, bytes, micros);
            }
        }
    }

    private static void assertRow(ResultSet rs, String text, byte[] bytes, LocalDateTime micros) throws SQLException {
        assertThat(rs.getInt("id")).isEqualTo(1);
        assertThat(rs.getByte("ti")).isEqualTo((byte) -128);
        assertThat(rs.getShort("si")).isEqualTo((short) -32768);
        assertThat(rs.getLong("bi")).isEqualTo(Long.MIN_VALUE);
        assertThat(rs.getBigDecimal("dec")).isEqualByComparingTo("-12345678901234.123456");
        assertThat(rs.getDouble("dbl")).isEqualTo(Math.PI);
        assertThat(rs.getFloat("flt")).isEqualTo(1.5e-7f);
        assertThat(rs.getString("str")).isEqualTo(text);
        assertThat(rs.getBytes("bin")).isEqualTo(bytes);
        assertThat(rs.getObject("d", LocalDate.class)).isEqualTo(LocalDate.of(1999, 12, 31));
        assertThat(rs.getObject("dt", LocalDateTime.class)).isEqualTo(micros);
        assertThat(rs.getObject("tm", LocalTime.class)).isEqualTo(LocalTime.of(13, 14, 15, 654321000));
        assertThat(rs.getObject("b")).isEqualTo(Boolean.TRUE);
        assertThat(rs.getObject("n")).isNull();
        assertThat(rs.wasNull()).isTrue();
    }

    @Test
    void fixedTypesReadTheSameInTextAndBinary() throws Exception {
        try (Connection c = connect("root", "rootpw")) {
            List<String> text = new ArrayList<>();
            List<String> binary = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM types")) {
                readAll(rs, text);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM types"); ResultSet rs = ps.executeQuery()) {
                readAll(rs, binary);
            }
            assertThat(binary).isEqualTo(text);
            assertThat(text.get(0)).isEqualTo("1|18446744073709551615|2024-01-01|2025-01-02 03:04:05.0|100:15:30|{\"a\": [1, 2]}"
                    + "|[0, 1, -1, 39]|héllo wörld ✓|[5]|medium|-8388608");
            assertThat(text.get(1)).isEqualTo("2|null|null|null|null|null|null|null|null|null|null");
        }
    }

    private static void readAll(ResultSet rs, List<String> out) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                Object o = i == 5 ? rs.getString(i) : rs.getObject(i);
                String v = o instanceof byte[] bytes ? Arrays.toString(bytes) : o == null ? "null"
                        : i == 2 ? ((BigInteger) o).toString() : o.toString();
                b.append(i > 1 ? "|" : "").append(v);
            }
            out.add(b.toString());
        }
    }

    @Test
    void batchInsertsAndGeneratedKeys() throws Exception {
        try (Connection c = connect("root", "rootpw")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 1; i <= 5; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row " + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO auto (v) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "a");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    long first = keys.getLong(1);
                    ps.setString(1, "b");
                    ps.executeUpdate();
                    try (ResultSet keys2 = ps.getGeneratedKeys()) {
                        assertThat(keys2.next()).isTrue();
                        assertThat(keys2.getLong(1)).isEqualTo(first + 1);
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(5);
            }
        }
    }

    @Test
    void transactionsCommitAndRollBack() throws Exception {
        try (Connection c = connect("root", "rootpw"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (1, 'rolled back')");
            c.rollback();
            s.executeUpdate("INSERT INTO t VALUES (2, 'kept')");
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void errorsMapToExceptionsBySqlState() throws Exception {
        try (Connection c = connect("root", "rootpw")) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1, 'x')");
                assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1, 'y')"))
                        .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                        .hasMessage("Duplicate entry '1' for key 't.PRIMARY'")
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1062))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23000"));
                assertThatThrownBy(() -> s.executeQuery("SELECT * FROM missing"))
                        .isInstanceOf(SQLSyntaxErrorException.class)
                        .hasMessage("Table 'test.missing' doesn't exist")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S02"));
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "z");
                assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue(); // still in sync after the errors
            }
        }
    }

    @Test
    void wrongPasswordIsAccessDeniedOverTlsAndPlaintext() {
        try (io.jgr.testing.LogCapture log = io.jgr.testing.LogCapture.open()) {
            wrongPasswords();
            assertThat(log.lines()).noneMatch(l -> l.contains("wrong") || l.contains("rootpw"));
        }
    }

    private static void wrongPasswords() {
        for (String extra : List.of(verifyIdentity(), "&sslMode=DISABLED&allowPublicKeyRetrieval=false")) {
            assertThatThrownBy(() -> connect("root", "wrong", extra).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessage("Access denied for user 'root'@'127.0.0.1' (using password: YES)")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1045))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
        }
        assertThatThrownBy(() -> connect("nobody", "x").close()).hasMessageContaining("Access denied for user 'nobody'");
    }

    @Test
    void nativePasswordAccountAuthenticatesThroughAuthSwitch() throws Exception {
        for (String extra : List.of(verifyIdentity(), "&sslMode=DISABLED")) {
            try (Connection c = connect("native", "nativepw", extra)) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThatThrownBy(() -> connect("native", "bad", extra).close())
                    .hasMessage("Access denied for user 'native'@'127.0.0.1' (using password: YES)");
        }
    }

    @Test
    void accountWithoutPassword() throws Exception {
        try (Connection c = connect("nopw", "", "&sslMode=DISABLED")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void requireSslAccountIsRefusedOverPlaintext() throws Exception {
        assertThatThrownBy(() -> connect("ssluser", "sslpw", "&sslMode=DISABLED").close())
                .hasMessage("Access denied for user 'ssluser'@'127.0.0.1' (using password: YES)");
        try (Connection c = connect("ssluser", "sslpw")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void requireX509AccountNeedsAClientCertificate() throws Exception {
        assertThatThrownBy(() -> connect("x509user", "x509pw").close())
                .hasMessage("Access denied for user 'x509user'@'127.0.0.1' (using password: YES)");
        Path keystore = tls.dir.resolve("client.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", tls.client.keyPair().getPrivate(), TestTls.STORE_PASSWORD,
                tls.client.presentedChain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(keystore)) {
            ks.store(out, TestTls.STORE_PASSWORD);
        }
        String withCert = verifyIdentity() + "&clientCertificateKeyStoreUrl=" + keystore.toUri()
                + "&clientCertificateKeyStoreType=PKCS12&clientCertificateKeyStorePassword=changeit";
        try (Connection c = connect("x509user", "x509pw", withCert)) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void lockedAccountIsRefusedWith3118() {
        assertThatThrownBy(() -> connect("locked", "lockedpw").close())
                .hasMessage("Access denied for user 'locked'@'127.0.0.1'. Account is locked.")
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(3118));
    }

    @Test
    void requireSecureTransportRefusesPlaintext() throws Exception {
        server.engine.globals.put("require_secure_transport", "ON");
        assertThatThrownBy(() -> connect("root", "rootpw", "&sslMode=DISABLED").close())
                .hasMessage("Connections using insecure transport are prohibited while --require_secure_transport=ON.")
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(3159));
        try (Connection c = connect("root", "rootpw")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void maxConnectionsRefusesWith1040() throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.server.connections().size() == 0);
        server.engine.globals.put("max_connections", "1");
        try (Connection c = connect("root", "rootpw")) {
            assertThatThrownBy(() -> connect("root", "rootpw").close())
                    .hasMessageContaining("Too many connections")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1040));
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void valuesAbove16MiBCrossThePacketBoundaryBothWays() throws Exception {
        int size = PacketChannel.MAX_CHUNK + 100;
        try (Connection c = connect("root", "rootpw")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT REPEAT('x', " + size + ")")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).hasSize(size);
            }
            String big = "y".repeat(size);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                ps.setInt(1, 9);
                ps.setString(2, big);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM t WHERE id = ?")) {
                ps.setInt(1, 9);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo(big);
                }
            }
        }
    }
}
