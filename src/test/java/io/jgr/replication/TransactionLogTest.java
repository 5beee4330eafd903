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

/** The log's index in H2, its payloads in the file: atomic with the H2 transaction, and the old layout moved. */
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
            try (TransactionLog.Appender a = log.appender(c)) {
                a.addWritten(2, 13, log.write(2, bytes("batched")), bytes("batched").length);
                a.addWritten(3, 14, log.write(3, bytes("too")), bytes("too").length);
                a.flush();
            }
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
}
