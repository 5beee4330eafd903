package io.jgr.replication;

import io.jgr.store.TransactionLogFile;
import java.io.IOException;
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
 * Each transaction's index row (GTID, group index, where its payload is) is written in the same H2
 * transaction as the data it describes (by the origin's session, or by the applier), so a crash keeps
 * both or neither; its payload goes to the {@link TransactionLogFile} first, and a payload whose H2
 * commit never happened is never indexed (docs/transaction-log.md). The index lives in the hidden
 * {@code jgr_internal} schema, which no client account can read.
 */
public final class TransactionLog {
    static final String TABLE = "jgr_internal.transaction_log";
    /** Through which GTID number the oldest files were purged (PURGE BINARY LOGS, binlog_expire_logs_seconds). */
    static final String PURGED_TABLE = "jgr_internal.transaction_log_purged";
    /** Where the payloads were kept before session 8 (a column): moved to the file at the first open. */
    private static final String OLD_TABLE = "jgr_internal.replication_log";

    /** One committed transaction: its GTID number, the group index it was delivered at, and the message. */
    public record Entry(long gtidNumber, long groupIndex, byte[] payload) {
    }

    private final Connection reader;
    private final TransactionLogFile file;

    /** @param reader a connection of its own, used only to read (and once to create the table) */
    public TransactionLog(Connection reader, TransactionLogFile file) throws SQLException {
        this.reader = reader;
        this.file = file;
        createTables(reader);
        moveOldTable();
    }

    /** The index, and the one row that says through which GTID number the log was purged (both hidden). */
    static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (gtid BIGINT PRIMARY KEY, group_index BIGINT NOT NULL, file_pos BIGINT NOT NULL, length INT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + PURGED_TABLE + " (id INT PRIMARY KEY, through BIGINT NOT NULL)");
        }
        c.commit();
    }

    // ---------------------------------------------------------------- purging (TransactionLogPurge)

    /** The highest GTID number whose payload lies below file position {@code position}, 0 if none. */
    static long highestBelow(Connection c, long position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(gtid) FROM " + TABLE + " WHERE file_pos < ?")) {
            ps.setLong(1, position);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Records that GTID numbers up to {@code through} are purged (never lowers what was recorded); the caller commits. */
    static void recordPurged(Connection c, long through) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + PURGED_TABLE + " (id, through) KEY (id) VALUES (1, ?)")) {
            ps.setLong(1, Math.max(through, purgedThrough(c)));
            ps.executeUpdate();
        }
    }

    /** Deletes at most {@code limit} index rows with GTID numbers up to {@code through}; the caller commits. */
    static int deleteThrough(Connection c, long through, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE gtid <= ? FETCH FIRST ? ROWS ONLY")) {
            ps.setLong(1, through);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    /** Through which GTID number the log was purged, 0 if never. */
    static long purgedThrough(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT through FROM " + PURGED_TABLE + " WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void moveOldTable() throws SQLException {
        try (Statement s = reader.createStatement();
                ResultSet t = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE LOWER(TABLE_SCHEMA) = 'jgr_internal' AND LOWER(TABLE_NAME) = 'replication_log'")) {
            t.next();
            if (t.getLong(1) == 0) {
                return;
            }
        }
        try (Statement s = reader.createStatement();
                ResultSet rs = s.executeQuery("SELECT gtid, group_index, payload FROM " + OLD_TABLE + " ORDER BY gtid")) {
            while (rs.next()) {
                append(reader, rs.getLong(1), rs.getLong(2), rs.getBytes(3));
            }
        }
        try (Statement s = reader.createStatement()) {
            s.execute("DROP TABLE " + OLD_TABLE);
        }
        reader.commit();
    }

    private static final String APPEND = "INSERT INTO " + TABLE + " (gtid, group_index, file_pos, length) VALUES (?, ?, ?, ?)";

    /** Adds the entry inside {@code conn}'s open transaction (its payload to the file at once); the caller commits. */
    public void append(Connection conn, long gtidNumber, long groupIndex, byte[] payload) throws SQLException {
        appendWritten(conn, gtidNumber, groupIndex, write(gtidNumber, payload), payload.length);
    }

    /** As {@link #append}, for a payload {@link #write} put in the file already, at {@code filePos}. */
    void appendWritten(Connection conn, long gtidNumber, long groupIndex, long filePos, int length) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(APPEND)) {
            bind(ps, gtidNumber, groupIndex, filePos, length);
            ps.executeUpdate();
        }
    }

    /**
     * Writes a payload to the file only, returning where: an entry only once a commit indexes it
     * ({@link #appendWritten}, {@link Appender#addWritten}); until then, and forever if that commit never
     * happens, it is dead space that nothing reads. Lets a thread other than the committing one do the write.
     */
    long write(long gtidNumber, byte[] payload) throws SQLException {
        try {
            return file.append(gtidNumber, payload);
        } catch (IOException e) {
            throw new SQLException("Can't write to the transaction log file: " + e.getMessage(), "HY000", e);
        }
    }

    /**
     * While {@code on}, payload writes bypass the page cache where the file system allows it (distributed
     * recovery's bulk of large payloads; {@link TransactionLogFile#directWrites}); a refusal leaves them
     * buffered, which is only slower.
     */
    void directWrites(boolean on) {
        try {
            file.directWrites(on);
        } catch (IOException e) {
            // buffered writes go on; a damaged file shows at the next append or read
        }
    }

    private static void bind(PreparedStatement ps, long gtidNumber, long groupIndex, long at, int length) throws SQLException {
        ps.setLong(1, gtidNumber);
        ps.setLong(2, groupIndex);
        ps.setLong(3, at);
        ps.setInt(4, length);
    }

    /** A writer that adds many entries to one H2 transaction: {@link #addWritten} each, {@link #flush} before the commit. */
    final class Appender implements AutoCloseable {
        private final PreparedStatement ps;

        private Appender(Connection conn) throws SQLException {
            this.ps = conn.prepareStatement(APPEND);
        }

        /** Adds the index row of a payload {@link TransactionLog#write} put in the file already, at {@code filePos}. */
        void addWritten(long gtidNumber, long groupIndex, long filePos, int length) throws SQLException {
            bind(ps, gtidNumber, groupIndex, filePos, length);
            ps.addBatch();
        }

        void flush() throws SQLException {
            ps.executeBatch();
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }

    /** An {@link Appender} on {@code conn}. */
    Appender appender(Connection conn) throws SQLException {
        return new Appender(conn);
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
                "SELECT gtid, group_index, file_pos, length FROM " + TABLE + " WHERE gtid BETWEEN ? AND ? ORDER BY gtid")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (bytes < maxBytes && rs.next()) {
                    long gtid = rs.getLong(1);
                    int length = rs.getInt(4);
                    out.add(new Entry(gtid, rs.getLong(2), file.read(rs.getLong(3), length, gtid)));
                    bytes += length;
                }
            }
        } catch (IOException e) {
            throw new SQLException(e.getMessage(), "HY000", e);
        } finally {
            reader.commit();
        }
        return out;
    }

    /** {transactions, payload bytes} held with GTID numbers in [from, to] (distributed recovery's totals). */
    public synchronized long[] size(long from, long to) throws SQLException {
        try (PreparedStatement ps = reader.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM " + TABLE + " WHERE gtid BETWEEN ? AND ?")) {
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

    /**
     * The highest GTID number this member committed, 0 if none: the highest held, or, when every file that
     * held it was purged, the highest purged.
     */
    public synchronized long last() throws SQLException {
        try {
            return last(reader);
        } finally {
            reader.commit();
        }
    }

    /** The highest GTID number the log on {@code c} holds or held (purged ones count); the caller commits. */
    static long last(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(gtid) FROM " + TABLE)) {
            rs.next();
            return Math.max(rs.getLong(1), purgedThrough(c));
        }
    }

    /** Through which GTID number this log was purged (its oldest files deleted), 0 if never. */
    public synchronized long purgedThrough() throws SQLException {
        try {
            return purgedThrough(reader);
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
