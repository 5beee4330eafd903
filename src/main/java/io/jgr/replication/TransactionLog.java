package io.jgr.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The committed transactions this member holds, by GTID number: what a donor serves a joiner.
 * Each row is written in the same H2 transaction as the data it describes (by the origin's
 * session, or by the applier), so a crash keeps both or neither. Lives in the hidden
 * {@code jgr_internal} schema, which no client account can read.
 */
public final class TransactionLog {
    static final String TABLE = "jgr_internal.replication_log";

    /** One committed transaction: its GTID number, the group index it was delivered at, and the message. */
    public record Entry(long gtidNumber, long groupIndex, byte[] payload) {
    }

    private final Connection reader;

    /** @param reader a connection of its own, used only to read (and once to create the table) */
    public TransactionLog(Connection reader) throws SQLException {
        this.reader = reader;
        try (Statement s = reader.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (gtid BIGINT PRIMARY KEY, group_index BIGINT NOT NULL, payload VARBINARY(1000000000) NOT NULL)");
        }
        reader.commit();
    }

    private static final String APPEND = "INSERT INTO " + TABLE + " (gtid, group_index, payload) VALUES (?, ?, ?)";

    /** Adds the entry inside {@code conn}'s open transaction; the caller commits. */
    public static void append(Connection conn, long gtidNumber, long groupIndex, byte[] payload) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(APPEND)) {
            ps.setLong(1, gtidNumber);
            ps.setLong(2, groupIndex);
            ps.setBytes(3, payload);
            ps.executeUpdate();
        }
    }

    /**
     * The append statement prepared once on {@code conn}, for a writer that adds many entries (JDBC batch:
     * parameters gtid, group index, payload); the caller executes it and commits.
     */
    static PreparedStatement prepareAppend(Connection conn) throws SQLException {
        return conn.prepareStatement(APPEND);
    }

    /** Entries with GTID numbers in [from, to], in order. */
    public List<Entry> read(long from, long to) throws SQLException {
        return read(from, to, Long.MAX_VALUE);
    }

    /**
     * Entries with GTID numbers in [from, to], in order, stopping after the one whose payload brings the
     * total to {@code maxBytes} or more (at least one entry when any is held): a page of bounded size.
     */
    public synchronized List<Entry> read(long from, long to, long maxBytes) throws SQLException {
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        try (PreparedStatement ps = reader.prepareStatement(
                "SELECT gtid, group_index, payload FROM " + TABLE + " WHERE gtid BETWEEN ? AND ? ORDER BY gtid")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (bytes < maxBytes && rs.next()) {
                    Entry e = new Entry(rs.getLong(1), rs.getLong(2), rs.getBytes(3));
                    out.add(e);
                    bytes += e.payload().length;
                }
            }
        } finally {
            reader.commit();
        }
        return out;
    }

    /** {transactions, payload bytes} held with GTID numbers in [from, to] (distributed recovery's totals). */
    public synchronized long[] size(long from, long to) throws SQLException {
        try (PreparedStatement ps = reader.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(payload)), 0) FROM " + TABLE + " WHERE gtid BETWEEN ? AND ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } finally {
            reader.commit();
        }
    }

    /** The highest GTID number held, 0 if none. */
    public synchronized long last() throws SQLException {
        try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(gtid) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            reader.commit();
        }
    }

    /**
     * The lowest GTID number missing between the lowest and the highest held, if any. The log is kept
     * gap-free (commits in group order); a gap would be skipped by distributed recovery, which resumes
     * after {@link #last}.
     */
    public synchronized OptionalLong firstMissing() throws SQLException {
        try (Statement s = reader.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(gtid), MAX(gtid) FROM " + TABLE)) {
                rs.next();
                if (rs.getLong(1) == 0 || rs.getLong(3) - rs.getLong(2) + 1 == rs.getLong(1)) {
                    return OptionalLong.empty();
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT MIN(a.gtid) + 1 FROM " + TABLE + " a WHERE NOT EXISTS (SELECT 1 FROM "
                    + TABLE + " b WHERE b.gtid = a.gtid + 1) AND a.gtid < (SELECT MAX(gtid) FROM " + TABLE + ")")) {
                rs.next();
                return OptionalLong.of(rs.getLong(1));
            }
        } finally {
            reader.commit();
        }
    }
}
