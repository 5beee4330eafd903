package io.jgr.replication;

import io.jgr.store.TransactionLogFile;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The committed transactions this member holds, by GTID number: what a donor serves a joiner.
 *
 * <p>A transaction's payload goes to the {@link TransactionLogFile} first; its commit point goes into the
 * same H2 transaction as the data it describes: one row per writing connection ({@code transaction_log_end},
 * the highest GTID number that connection committed), so a crash keeps both or neither. Commits take effect
 * in GTID order, so the highest of those rows is where the log ends. The index (GTID → where the payload is)
 * is written later, in batches, by {@link #indexNow} (once a second, before every read, and at open after a
 * crash by reading the file's tail): a table that grows by one key per commit made every H2 store of a
 * primary rewrite its last leaf and path (docs/transaction-log.md, "The index, written later"). The tables
 * live in the hidden {@code jgr_internal} schema, which no client account can read.
 */
public final class TransactionLog {
    static final String TABLE = "jgr_internal.transaction_log";
    /** Per writing connection, the highest GTID number it committed: the commit points. */
    static final String END_TABLE = "jgr_internal.transaction_log_end";
    /** One row: the file position from which a reopen looks for committed records not yet indexed. */
    static final String SCAN_TABLE = "jgr_internal.transaction_log_scan";
    /** Where the payloads were kept before session 8 (a column): moved to the file at the first open. */
    private static final String OLD_TABLE = "jgr_internal.replication_log";
    /** File position of an entry whose committed payload the file lost (a power loss): read as an error. */
    private static final long LOST = -1;

    /** One committed transaction: its GTID number, the group index it was delivered at, and the message. */
    public record Entry(long gtidNumber, long groupIndex, byte[] payload) {
    }

    /**
     * Where a written payload is; the group index once a commit names it (0 for one found in the file after
     * a crash, as for what distributed recovery writes: no reader needs it, a donor does not send it).
     */
    private record Written(long groupIndex, long filePos, int length) {
    }

    private final Connection reader;
    private final TransactionLogFile file;
    /** Prefix of this instance's writer names: rows of earlier instances (and runs) have none of their writers left. */
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final AtomicLong writerCount = new AtomicLong();
    /** The writer name of each connection that committed through this log (weak: a dropped connection writes no more). */
    private final Map<Connection, String> writers = Collections.synchronizedMap(new WeakHashMap<>());
    /** Payloads written and not yet indexed, by GTID number; a later write of a GTID replaces an earlier (dead) one. */
    private final NavigableMap<Long, Written> unindexed = new TreeMap<>();
    /**
     * Committed GTIDs above this with no payload are indexed as lost; below it they stay holes (what
     * {@link #firstMissing} finds). Set at open to the last GTID the file's tail still holds: a power loss
     * takes the tail; afterwards nothing is committed without its payload written first.
     */
    private long lostAbove = Long.MAX_VALUE;
    /** The scan position as last committed, and as written in the reader's open transaction. */
    private long savedScanFrom = -1;
    private long pendingScanFrom = -1;

    /**
     * Opens the log: creates its tables, moves a pre-session-8 layout, and indexes what the last run
     * committed without indexing (a crash, or a STOP between two passes) by reading the file's tail.
     *
     * @param reader a connection of its own: reads, and the index's batches
     */
    public TransactionLog(Connection reader, TransactionLogFile file) throws SQLException {
        this.reader = reader;
        this.file = file;
        try (Statement s = reader.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (gtid BIGINT PRIMARY KEY, group_index BIGINT NOT NULL, file_pos BIGINT NOT NULL, length INT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + END_TABLE + " (writer VARCHAR(40) PRIMARY KEY, gtid BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + SCAN_TABLE + " (id INT PRIMARY KEY, scan_from BIGINT NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + SCAN_TABLE)) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    // a new datadir, or one whose every commit was indexed with its data (before the commit points)
                    s.execute("INSERT INTO " + SCAN_TABLE + " VALUES (1, " + fileEnd() + ")");
                }
            }
        }
        reader.commit();
        moveOldTable();
        readUnindexedTail();
        indexNow();
        lostAbove = Long.MAX_VALUE;
        forgetUncommitted();
    }

    /**
     * At open nothing is in flight: a record the commit points do not cover will never be committed (its GTID
     * is written again if it comes back), so the next open starts reading after everything here, past any
     * record torn by the crash (what is appended now goes after it).
     */
    private void forgetUncommitted() throws SQLException {
        synchronized (unindexed) {
            unindexed.clear();
        }
        try {
            saveScanFrom(fileEnd());
            reader.commit();
            savedScanFrom = pendingScanFrom;
        } catch (SQLException e) {
            reader.rollback();
            throw e;
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

    /**
     * After a crash: the records from the saved scan position on, whole and checked, the last one of each
     * GTID winning (a run rolled back and applied again wrote its GTIDs twice); a torn record ends the
     * reading. Which of them were committed {@link #indexNow} decides from the commit points.
     */
    private void readUnindexedTail() throws SQLException {
        long from;
        try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT scan_from FROM " + SCAN_TABLE)) {
            rs.next();
            from = rs.getLong(1);
        } finally {
            reader.commit();
        }
        try {
            synchronized (unindexed) {
                file.scan(from, (gtid, pos, length) -> unindexed.put(gtid, new Written(0, pos, length)));
                lostAbove = unindexed.isEmpty() ? maxOf("SELECT COALESCE(MAX(gtid), 0) FROM " + TABLE) : unindexed.lastKey();
            }
        } catch (IOException e) {
            throw new SQLException("Can't read the transaction log file: " + e.getMessage(), "HY000", e);
        }
    }

    private static final String COMMIT_POINT = "MERGE INTO " + END_TABLE + " (writer, gtid) KEY (writer) VALUES (?, ?)";

    /** Adds the entry inside {@code conn}'s open transaction (its payload to the file at once); the caller commits. */
    public void append(Connection conn, long gtidNumber, long groupIndex, byte[] payload) throws SQLException {
        appendWritten(conn, gtidNumber, groupIndex, write(gtidNumber, payload), payload.length);
    }

    /** As {@link #append}, for a payload {@link #write} put in the file already, at {@code filePos}. */
    void appendWritten(Connection conn, long gtidNumber, long groupIndex, long filePos, int length) throws SQLException {
        named(gtidNumber, groupIndex, filePos, length);
        commitPoint(conn, gtidNumber);
    }

    /** The group index of a written payload, for its index row. */
    private void named(long gtidNumber, long groupIndex, long filePos, int length) {
        synchronized (unindexed) {
            unindexed.put(gtidNumber, new Written(groupIndex, filePos, length));
        }
    }

    /**
     * {@code conn}'s commit point, in its open transaction. Each connection has a row of its own, so no two
     * transactions ever update one row (under REPEATABLE READ the second would fail).
     */
    private void commitPoint(Connection conn, long gtidNumber) throws SQLException {
        String writer = writers.computeIfAbsent(conn, c -> run + "-" + writerCount.incrementAndGet());
        try (PreparedStatement ps = conn.prepareStatement(COMMIT_POINT)) {
            ps.setString(1, writer);
            ps.setLong(2, gtidNumber);
            ps.executeUpdate();
        }
    }

    /**
     * Writes a payload to the file only, returning where: an entry only once a commit names it
     * ({@link #appendWritten}, {@link Appender#addWritten}); until then, and forever if that commit never
     * happens, it is dead space that nothing reads. Lets a thread other than the committing one do the write.
     */
    long write(long gtidNumber, byte[] payload) throws SQLException {
        try {
            // under the lock with the map: indexNow's scan position must see every record the file holds
            synchronized (unindexed) {
                long at = file.append(gtidNumber, payload);
                unindexed.put(gtidNumber, new Written(0, at, payload.length));
                return at;
            }
        } catch (IOException e) {
            throw new SQLException("Can't write to the transaction log file: " + e.getMessage(), "HY000", e);
        }
    }

    private long fileEnd() {
        return file.end();
    }

    /**
     * Indexes every committed entry not yet indexed, in one H2 transaction of the reader's: the committed end
     * is the highest commit point; read first, so every payload it covers is in {@link #unindexed} already
     * (written before its commit). A GTID it covers with no payload is a hole ({@link #firstMissing}), or, at
     * open and above the last GTID the file's tail held, lost (a power loss took the tail): reading it is an
     * error, as before. Also saves where a reopen must start reading the
     * file (the first record not indexed, or the file's end), and drops the commit points of connections gone
     * whose GTIDs are indexed.
     */
    public synchronized void indexNow() throws SQLException {
        try {
            long indexed = maxOf("SELECT COALESCE(MAX(gtid), 0) FROM " + TABLE);
            // the commit points of connections gone are dropped once indexed: the end is never below the index
            long end = Math.max(indexed, maxOf("SELECT COALESCE(MAX(gtid), 0) FROM " + END_TABLE));
            Set<String> live = liveWriters();
            NavigableMap<Long, Written> committed;
            long scanFrom;
            synchronized (unindexed) {
                committed = new TreeMap<>(unindexed.subMap(indexed, false, end, true));
                scanFrom = fileEnd();
                for (Written w : unindexed.tailMap(end, false).values()) {
                    scanFrom = Math.min(scanFrom, w.filePos());
                }
            }
            if (end > indexed) {
                try (PreparedStatement ps = reader.prepareStatement(APPEND)) {
                    for (long g = indexed + 1; g <= end; g++) {
                        Written w = committed.get(g);
                        if (w == null && g > lostAbove) {
                            w = new Written(0, LOST, 0);
                        }
                        if (w != null) {
                            bind(ps, g, w.groupIndex(), w.filePos(), w.length());
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
            if (scanFrom != savedScanFrom) {
                saveScanFrom(scanFrom);
            }
            try (Statement s = reader.createStatement();
                    ResultSet rs = s.executeQuery("SELECT writer FROM " + END_TABLE + " WHERE gtid <= " + end)) {
                List<String> gone = new ArrayList<>();
                while (rs.next()) {
                    if (!live.contains(rs.getString(1))) {
                        gone.add(rs.getString(1));
                    }
                }
                try (PreparedStatement ps = reader.prepareStatement("DELETE FROM " + END_TABLE + " WHERE writer = ?")) {
                    for (String w : gone) {
                        ps.setString(1, w);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            reader.commit();
            savedScanFrom = pendingScanFrom;
            synchronized (unindexed) {
                unindexed.headMap(end, true).clear();
            }
        } catch (SQLException | RuntimeException e) {
            pendingScanFrom = savedScanFrom;
            reader.rollback();
            throw e;
        }
    }

    /** In the reader's open transaction; {@link #savedScanFrom} once committed (an idle member writes nothing). */
    private void saveScanFrom(long position) throws SQLException {
        try (PreparedStatement ps = reader.prepareStatement("UPDATE " + SCAN_TABLE + " SET scan_from = ? WHERE id = 1")) {
            ps.setLong(1, position);
            ps.executeUpdate();
        }
        pendingScanFrom = position;
    }

    /**
     * Writers whose connections may still commit. Read after the committed end: a connection that committed
     * before it has its name here already, and a name left out can never write again.
     */
    private Set<String> liveWriters() throws SQLException {
        Set<String> live = new HashSet<>();
        synchronized (writers) {
            for (Map.Entry<Connection, String> e : writers.entrySet()) {
                if (!e.getKey().isClosed()) {
                    live.add(e.getValue());
                }
            }
        }
        return live;
    }

    private long maxOf(String query) throws SQLException {
        try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final String APPEND = "INSERT INTO " + TABLE + " (gtid, group_index, file_pos, length) VALUES (?, ?, ?, ?)";

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

    /**
     * A writer that adds many entries to one H2 transaction: {@link #addWritten} each, {@link #flush} before
     * the commit (one commit point for them all).
     */
    final class Appender {
        private final Connection conn;
        private long highest;

        private Appender(Connection conn) {
            this.conn = conn;
        }

        /** Writes the payload to the file and names it. */
        void add(long gtidNumber, long groupIndex, byte[] payload) throws SQLException {
            addWritten(gtidNumber, groupIndex, write(gtidNumber, payload), payload.length);
        }

        /** Names a payload {@link TransactionLog#write} put in the file already, at {@code filePos}. */
        void addWritten(long gtidNumber, long groupIndex, long filePos, int length) {
            named(gtidNumber, groupIndex, filePos, length);
            highest = Math.max(highest, gtidNumber);
        }

        void flush() throws SQLException {
            if (highest > 0) {
                commitPoint(conn, highest);
                highest = 0;
            }
        }
    }

    /** An {@link Appender} on {@code conn}. */
    Appender appender(Connection conn) {
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
        indexNow();
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
        indexNow();
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

    /** The highest GTID number held, 0 if none. */
    public synchronized long last() throws SQLException {
        indexNow();
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
        indexNow();
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
