package io.jgr.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A real, table-backed {@link DonorLog} for tests: an H2 file database beside the member's datadir
 * with one row per transaction, read lazily through a JDBC result set. The replication layer's
 * transaction log replaces it in the product.
 */
final class TableDonorLog implements DonorLog, AutoCloseable {
    private final String url;
    private final Connection writer;

    TableDonorLog(Path dir) throws SQLException {
        this.url = "jdbc:h2:" + dir.resolve("donorlog").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        this.writer = DriverManager.getConnection(url);
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS log(uuid VARCHAR(36), seq BIGINT, payload VARBINARY(1000000000), PRIMARY KEY(uuid, seq))");
        }
    }

    /** Appends transactions first..last of {@code uuid}, each payload from {@code payload(n)}. */
    void append(String uuid, long first, long last, java.util.function.LongFunction<byte[]> payload) throws SQLException {
        writer.setAutoCommit(false);
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO log VALUES (?, ?, ?)")) {
            for (long n = first; n <= last; n++) {
                ps.setString(1, uuid);
                ps.setLong(2, n);
                ps.setBytes(3, payload.apply(n));
                ps.addBatch();
                if (n % 500 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        writer.commit();
        writer.setAutoCommit(true);
    }

    @Override
    public Size size(GtidRange range) throws IOException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(payload)), 0) FROM log WHERE uuid = ? AND seq BETWEEN ? AND ?")) {
            ps.setString(1, range.uuid());
            ps.setLong(2, range.first());
            ps.setLong(3, range.last());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Size(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    @Override
    public Stream<LoggedTransaction> read(GtidRange range) throws IOException {
        try {
            Connection c = DriverManager.getConnection(url);
            PreparedStatement ps = c.prepareStatement("SELECT seq, payload FROM log WHERE uuid = ? AND seq BETWEEN ? AND ? ORDER BY seq");
            ps.setString(1, range.uuid());
            ps.setLong(2, range.first());
            ps.setLong(3, range.last());
            ps.setFetchSize(64);
            ResultSet rs = ps.executeQuery();
            Iterator<LoggedTransaction> it = new Iterator<>() {
                private Boolean ahead;

                @Override
                public boolean hasNext() {
                    if (ahead == null) {
                        try {
                            ahead = rs.next();
                        } catch (SQLException e) {
                            throw new UncheckedIOException(new IOException(e));
                        }
                    }
                    return ahead;
                }

                @Override
                public LoggedTransaction next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    ahead = null;
                    try {
                        return new LoggedTransaction(range.gtid(rs.getLong(1)), rs.getBytes(2));
                    } catch (SQLException e) {
                        throw new UncheckedIOException(new IOException(e));
                    }
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false).onClose(() -> {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing a read connection
                }
            });
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        writer.close();
    }
}
