package io.jgr.sandbox;

import io.jgr.server.config.OptionsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Connector/J connections to members: TLS verified against the sandbox's CA and the member's
 * address (VERIFY_IDENTITY) when a trust store is known, else TLS required.
 */
public final class MemberSql {
    private final String user;
    private final char[] password;
    private final Path truststore;

    public MemberSql(String user, char[] password, Path truststore) {
        this.user = user;
        this.password = password;
        this.truststore = truststore;
    }

    /** Root of the sandbox, its password read from {@code credentials.cnf}. */
    public static MemberSql sandboxRoot(SandboxLayout layout) throws IOException {
        return new MemberSql("root", readPassword(layout.credentials()), layout.truststore());
    }

    /** The {@code password} of the {@code [client]} group of an options file (the mariadb client's format). */
    public static char[] readPassword(Path file) throws IOException {
        try {
            List<OptionsFile.Option> options = OptionsFile.read(file, List.of("client"));
            for (OptionsFile.Option o : options) {
                if (o.name().equals("password")) {
                    return o.value().toCharArray();
                }
            }
        } catch (Exception e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        throw new IOException("no password in the [client] group of " + file);
    }

    public String jdbcUrl(String host, int port) {
        String tls = truststore == null ? "sslMode=REQUIRED"
                : "sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=" + truststore.toUri()
                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=" + SandboxPki.TRUSTSTORE_PASSWORD;
        return "jdbc:mysql://" + host + ":" + port + "/?" + tls + "&connectTimeout=5000&socketTimeout=120000";
    }

    public Connection connect(String host, int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", new String(password));
        return DriverManager.getConnection(jdbcUrl(host, port), p);
    }

    public Connection connect(SandboxMember m) throws SQLException {
        return connect(m.address(), m.sqlPort());
    }

    /** Runs statements on one connection, in order. */
    public void execute(SandboxMember m, String... statements) throws SQLException {
        try (Connection c = connect(m); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The first column of the first row, or null. */
    public static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
