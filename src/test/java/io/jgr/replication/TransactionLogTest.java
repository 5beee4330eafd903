package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.store.TransactionLogFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's commit points in H2 with the data, its payloads in the file, its index written later (and found
 * again in the file after a crash), and the old layout moved.
 */
class TransactionLogTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Connection connection() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:");
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS jgr_internal");
        }
        return c;
    }

    @Test
    void aPayloadWhoseTransactionRolledBackIsNeverRead() throws Exception {
        try (Connection c = connection(); TransactionLogFile file = new TransactionLogFile(dir.resolve("log"))) {
            TransactionLog log = new TransactionLog(c, file);
            log.append(c, 1, 11, bytes("rolled back"));
            c.rollback();
            assertThat(log.last()).isZero();
            log.append(c, 1, 12, bytes("committed"));
            TransactionLog.Appender a = log.appender(c);
            a.addWritten(2, 13, log.write(2, bytes("batched")), bytes("batched").length);
            a.addWritten(3, 14, log.write(3, bytes("too")), bytes("too").length);
            a.flush();
            c.commit();
            assertThat(log.read(1, 3)).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .containsExactly("committed", "batched", "too");
            assertThat(log.read(1, 3)).extracting(TransactionLog.Entry::groupIndex).containsExactly(12L, 13L, 14L);
            assertThat(log.size(1, 3)).containsExactly(3, 19);
            assertThat(log.read(1, 3, 1)).as("a page bounded by bytes holds at least one").hasSize(1);
        }
    }

    /**
     * A power loss between H2's sync and the file's (or a file that lost its tail): the index names payloads
     * the file no longer holds, and new records go where they were. Reading one of those is an error, never
     * another transaction's bytes; what was written after the reopen reads back.
     */
    @Test
    void indexRowsWhosePayloadsTheFileLostReadAsErrorsNotAsOtherBytes() throws Exception {
        Path path = dir.resolve("log");
        try (Connection c = connection()) {
            long keep;
            try (TransactionLogFile file = new TransactionLogFile(path)) {
                TransactionLog log = new TransactionLog(c, file);
                log.append(c, 1, 11, bytes("kept"));
                keep = Files.size(path);
                log.append(c, 2, 12, bytes("lost two"));
                log.append(c, 3, 13, bytes("lost three"));
                c.commit();
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(keep);
            }
            try (TransactionLogFile file = new TransactionLogFile(path)) {
                TransactionLog log = new TransactionLog(c, file);
                log.append(c, 4, 14, bytes("after the reopen"));
                c.commit();
                assertThat(log.read(1, 1)).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8)).containsExactly("kept");
                assertThat(log.read(4, 4)).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                        .containsExactly("after the reopen");
                assertThatThrownBy(() -> log.read(2, 2)).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> log.read(3, 3)).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> log.read(1, 4)).as("a donor's page across the hole").isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void theOldLayoutIsMovedToTheFileAtTheFirstOpen() throws Exception {
        try (Connection c = connection(); TransactionLogFile file = new TransactionLogFile(dir.resolve("log"))) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE jgr_internal.replication_log (gtid BIGINT PRIMARY KEY, group_index BIGINT NOT NULL,"
                        + " payload VARBINARY(1000000000) NOT NULL)");
                s.execute("INSERT INTO jgr_internal.replication_log VALUES (1, 5, X'01'), (2, 6, X'0203')");
            }
            c.commit();
            TransactionLog log = new TransactionLog(c, file);
            assertThat(log.read(1, 2)).extracting(TransactionLog.Entry::payload).containsExactly(new byte[] {1}, new byte[] {2, 3});
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE LOWER(TABLE_SCHEMA) = 'jgr_internal' AND LOWER(TABLE_NAME) = 'replication_log'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            assertThat(new TransactionLog(c, file).last()).as("a second open finds nothing to move").isEqualTo(2);
        }
    }

    private static Connection named(String db) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1");
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS jgr_internal");
        }
        c.commit();
        return c;
    }

    private static java.util.List<String> texts(java.util.List<TransactionLog.Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    /**
     * A crash before the index's pass: the commit points say what was committed, the file's tail where it
     * is. A GTID written twice (a run rolled back, then applied again) reads as its last record, a payload
     * never committed and a record torn at the end are not entries, and the next open starts after them.
     */
    @Test
    void whatWasCommittedButNotIndexedIsFoundInTheFileAtTheNextOpen() throws Exception {
        Path path = dir.resolve("log");
        try (Connection reader = named("crash1"); Connection writer = named("crash1")) {
            try (TransactionLogFile file = new TransactionLogFile(path)) {
                TransactionLog log = new TransactionLog(reader, file);
                log.append(writer, 1, 11, bytes("one"));
                writer.commit();
                log.append(writer, 2, 12, bytes("two, rolled back"));
                writer.rollback();
                log.append(writer, 2, 12, bytes("two"));
                writer.commit();
                log.write(3, bytes("three, never committed"));
            } // no pass of the index: as if the process died here
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 100, 0, 0}), ch.size()); // a torn header
            }
            try (TransactionLogFile file = new TransactionLogFile(path)) {
                TransactionLog log = new TransactionLog(reader, file);
                assertThat(log.last()).isEqualTo(2);
                assertThat(texts(log.read(1, 3))).containsExactly("one", "two");
                log.append(writer, 3, 13, bytes("three"));
                writer.commit();
            }
            try (TransactionLogFile file = new TransactionLogFile(path)) {
                TransactionLog log = new TransactionLog(reader, file);
                assertThat(texts(log.read(1, 3))).as("the third open reads past the torn header").containsExactly("one", "two", "three");
            }
        }
    }

    /**
     * Every connection has a commit point of its own: a transaction that began before another connection
     * committed still commits under REPEATABLE READ (one row for all would fail it: the row changed since its
     * snapshot).
     */
    @Test
    void commitsOnManyConnectionsNeverConflictOnTheCommitPoint() throws Exception {
        try (Connection reader = named("rr"); Connection a = named("rr"); Connection b = named("rr");
                TransactionLogFile file = new TransactionLogFile(dir.resolve("log"))) {
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            b.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            TransactionLog log = new TransactionLog(reader, file);
            try (Statement s = a.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            }
            a.commit();
            for (int i = 1; i <= 6; i += 2) {
                try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next(); // a's snapshot begins here
                }
                log.append(b, i, i, bytes("b" + i));
                b.commit();
                log.append(a, i + 1, i + 1, bytes("a" + (i + 1)));
                a.commit();
            }
            assertThat(texts(log.read(1, 6))).containsExactly("b1", "a2", "b3", "a4", "b5", "a6");
        }
    }

    /** The commit points of connections closed since are dropped once their GTIDs are indexed: the table stays small. */
    @Test
    void theCommitPointsOfClosedConnectionsAreDroppedOnceIndexed() throws Exception {
        try (Connection reader = named("gone"); TransactionLogFile file = new TransactionLogFile(dir.resolve("log"))) {
            TransactionLog log = new TransactionLog(reader, file);
            for (int i = 1; i <= 5; i++) {
                try (Connection c = named("gone")) {
                    log.append(c, i, i, bytes("t" + i));
                    c.commit();
                }
            }
            try (Connection open = named("gone")) {
                log.append(open, 6, 6, bytes("t6"));
                open.commit();
                log.indexNow();
                try (Statement s = reader.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(gtid) FROM " + TransactionLog.END_TABLE)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("only the open connection's").isEqualTo(1);
                    assertThat(rs.getLong(2)).isEqualTo(6);
                }
                reader.commit();
            }
            assertThat(log.last()).isEqualTo(6);
            assertThat(texts(log.read(1, 6))).containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
        }
    }
}
