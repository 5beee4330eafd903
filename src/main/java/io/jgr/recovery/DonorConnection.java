package io.jgr.recovery;

import io.jgr.perimeter.tls.RecoveryTls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One recovery connection from the joiner to a donor's SQL port: a real MySQL client session
 * (Connector/J) authenticated as the recovery user, TLS per {@link RecoveryTls}. It reads the
 * donor's log through {@link DonorLogStatements} with a streaming result set, so the joiner holds
 * one transaction at a time.
 */
public final class DonorConnection implements AutoCloseable {
    private final Connection connection;

    private DonorConnection(Connection connection) {
        this.connection = connection;
    }

    /** Connects and authenticates; a failure is Connector/J's SQLException (1045, 2026 for TLS, …). */
    public static DonorConnection open(Donor donor, Credentials credentials, RecoverySettings settings, RecoveryTls tls)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", credentials.user());
        p.setProperty("password", credentials.password());
        p.setProperty("sslMode", tls.enabled() ? "REQUIRED" : "DISABLED");
        p.setProperty("socketFactory", RecoveryTlsSocketFactory.class.getName());
        p.setProperty("connectTimeout", Long.toString(settings.connectTimeout().toMillis()));
        p.setProperty("socketTimeout", Long.toString(Math.max(60_000, settings.connectTimeout().toMillis())));
        p.setProperty("allowPublicKeyRetrieval", Boolean.toString(settings.getPublicKey()));
        if (settings.publicKeyPath() != null) {
            p.setProperty("serverRSAPublicKeyFile", settings.publicKeyPath());
        }
        if (settings.localAddress() != null) {
            p.setProperty("localSocketAddress", settings.localAddress());
        }
        // a bulk stream: no compression (loopback/LAN; the payload is mostly row text), buffered reads
        // (Connector/J reads each packet's 4-byte header on its own), no per-packet clock reads, large buffers
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("useCompression", "false");
        p.setProperty("useUnbufferedInput", "false");
        p.setProperty("maintainTimeStats", "false");
        p.setProperty("tcpNoDelay", "true");
        p.setProperty("tcpRcvBuf", Integer.toString(4 << 20));
        p.setProperty("tcpSndBuf", Integer.toString(1 << 20));
        p.setProperty("maxAllowedPacket", Integer.toString(1 << 30));
        String host = donor.host().contains(":") && !donor.host().startsWith("[") ? "[" + donor.host() + "]" : donor.host();
        try (RecoveryTlsSocketFactory.Scope ignored = RecoveryTlsSocketFactory.bind(tls, donor.host())) {
            return new DonorConnection(DriverManager.getConnection("jdbc:mysql://" + host + ":" + donor.port() + "/", p));
        }
    }

    /** The donor's count and bytes for {@code range}. */
    public DonorLog.Size size(GtidRange range) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DUMP RECOVERY LOG SIZE '" + range + "'"); // execute: Connector/J's executeQuery wants SELECT-like text
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                return new DonorLog.Size(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** Streams {@code range} into {@code sink}, one transaction in memory at a time. */
    public void stream(GtidRange range, TransactionSink sink) throws SQLException, TransactionSink.SinkException {
        try (Statement s = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows as they arrive
            s.execute("DUMP RECOVERY LOG '" + range + "'");
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    try {
                        sink.accept(rs.getString(1), rs.getBytes(2));
                    } catch (TransactionSink.SinkException | RuntimeException e) {
                        // closing a streaming result set would read the rest of the range first: drop the link instead
                        connection.abort(Runnable::run);
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the donor may already be gone
        }
    }
}
