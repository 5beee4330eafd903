package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jgr.recovery.DonorLogStatements;
import io.jgr.recovery.GtidRange;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import io.jgr.store.H2Session;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction log's files as MySQL's binary logs, on a real member database: max_binlog_size rotates them,
 * SHOW BINARY LOGS lists them, PURGE BINARY LOGS TO / BEFORE and binlog_expire_logs_seconds delete the
 * oldest with their index rows (a GTID prefix, shown in @@gtid_purged, still counted after a restart); what
 * was purged is no longer served to a joiner; bad input changes nothing.
 */
class TransactionLogPurgeTest {
    private static final AtomicLong IDS = new AtomicLong();
    private static final UUID GROUP = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    private static final int TRANSACTIONS = 60;

    @TempDir
    Path dir;

    private final SystemVariables vars = SystemVariables.standard();
    private H2Engine engine;
    private TransactionLogPurge purge;
    private H2Session writer;
    private TransactionLog log;

    @BeforeEach
    void open() throws Exception {
        vars.applyStartupValue("max_binlog_size", "4096");
        vars.applyStartupValue("group_replication_group_name", GROUP.toString());
        start();
        for (long gtid = 1; gtid <= TRANSACTIONS; gtid++) {
            append(gtid);
        }
    }

    private void start() throws SQLException {
        engine = H2Engine.open(dir, vars, H2Engine.Options.defaults().withRootPassword("root-Secret1"));
        purge = TransactionLogPurge.install(engine, vars);
        BinaryLogStatements.register(engine, purge);
        writer = engine.openApplierSession();
        log = new TransactionLog(writer.connection(), engine.transactionLogFile());
    }

    /** One committed transaction: its 500-byte payload in the file, its index row in H2 (8 fit a 4 KiB file). */
    private void append(long gtid) throws SQLException {
        log.append(writer.connection(), gtid, gtid, payload(gtid));
        writer.connection().commit();
    }

    private static byte[] payload(long gtid) {
        byte[] b = new byte[500];
        java.util.Arrays.fill(b, (byte) gtid);
        return b;
    }

    @AfterEach
    void close() {
        stop();
    }

    private void stop() {
        purge.close();
        writer.close();
        engine.close();
    }

    private Session session(String user) throws SQLException {
        Account a = engine.findAccount(user, InetAddress.getLoopbackAddress()).orElseThrow();
        return engine.openSession(new ConnectionInfo(IDS.incrementAndGet(), a, InetAddress.getLoopbackAddress(), null, null, null));
    }

    private List<List<Object>> rows(String sql) throws SQLException {
        try (Session root = session("root")) {
            List<List<Object>> out = new ArrayList<>();
            for (Object[] r : ((Result.Rows) root.execute(sql)).rows()) {
                out.add(List.of(r));
            }
            return out;
        }
    }

    private List<String> logNames() throws SQLException {
        return rows("SHOW BINARY LOGS").stream().map(r -> (String) r.get(0)).toList();
    }

    private static String name(int n) {
        return String.format("jgr-txlog.%06d", n);
    }

    @Test
    void filesRotateAtMaxBinlogSizeAndShowBinaryLogsListsThem() throws Exception {
        List<List<Object>> logs = rows("SHOW BINARY LOGS");
        assertThat(logs).hasSize(8); // 60 records of 516 bytes, 8 per file
        assertThat(logs.get(0)).containsExactly(name(1), 4128L, "No");
        assertThat(logNames()).endsWith(name(8));
        assertThat(log.read(1, TRANSACTIONS)).extracting(TransactionLog.Entry::gtidNumber).hasSize(TRANSACTIONS);
        assertThat(log.read(33, 33).get(0).payload()).isEqualTo(payload(33));
        assertThat(rows("SHOW MASTER LOGS")).hasSize(8);
    }

    @Test
    void purgeToDeletesTheFilesBeforeItAndTheirIndexRowsAsAPrefix() throws Exception {
        try (Session root = session("root")) {
            root.execute("PURGE BINARY LOGS TO '" + name(4) + "'");
        }
        assertThat(logNames()).startsWith(name(4)).hasSize(5);
        assertThat(Files.exists(dir.resolve(name(3)))).isFalse();
        assertThat(log.read(1, TRANSACTIONS)).extracting(TransactionLog.Entry::gtidNumber)
                .containsExactlyElementsOf(range(25, TRANSACTIONS)); // files 1-3 held GTIDs 1-24
        assertThat(log.last()).isEqualTo(TRANSACTIONS);
        assertThat(log.firstMissing()).isEmpty();
        assertThat(vars.globalText("gtid_purged")).isEqualTo(GROUP + ":1-24");
        // a joiner asking this donor for a purged range: MySQL's 1789 with both sets; a stream never skips them
        new DonorLogStatements(() -> new TransactionLogDonorLog(log)).register(engine);
        try (Session root = session("root")) {
            assertThatThrownBy(() -> root.execute("DUMP RECOVERY LOG SIZE '" + GROUP + ":20-30'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1789);
                        assertThat(e.getMessage()).startsWith("Cannot replicate because the source purged required binary logs.")
                                .endsWith("The GTID set sent by the replica is '" + GROUP + ":1-19', and the missing transactions are '"
                                        + GROUP + ":20-24'");
                    });
            assertThat(((Result.Rows) root.execute("DUMP RECOVERY LOG SIZE '" + GROUP + ":25-30'")).rows().get(0))
                    .containsExactly(6L, 3000L);
        }
        try (var stream = new TransactionLogDonorLog(log).read(new GtidRange(GROUP.toString(), 20, 30))) {
            assertThatThrownBy(() -> stream.toList()).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("does not hold " + GROUP + ":20");
        }
    }

    @Test
    void aPurgeOfEveryFileButTheCurrentKeepsTheCountAcrossARestart() throws Exception {
        try (Session root = session("root")) {
            root.execute("PURGE BINARY LOGS BEFORE '2999-12-31 23:59:59'");
        }
        assertThat(logNames()).containsExactly(name(8));
        assertThat(log.read(1, TRANSACTIONS)).extracting(TransactionLog.Entry::gtidNumber)
                .containsExactlyElementsOf(range(57, TRANSACTIONS));
        try (Session root = session("root")) {
            root.execute("PURGE BINARY LOGS TO '" + name(8) + "'"); // nothing before the current file
        }
        assertThat(logNames()).containsExactly(name(8));

        stop();
        start();
        assertThat(log.last()).isEqualTo(TRANSACTIONS);
        assertThat(vars.globalText("gtid_purged")).isEqualTo(GROUP + ":1-56");
        for (long gtid = TRANSACTIONS + 1; gtid <= TRANSACTIONS + 5; gtid++) {
            append(gtid); // the eighth file held 4 records: 4 more fill it, the fifth begins the ninth
        }
        assertThat(logNames()).containsExactly(name(8), name(9));
        assertThat(log.read(57, TRANSACTIONS + 5)).extracting(TransactionLog.Entry::gtidNumber)
                .containsExactlyElementsOf(range(57, TRANSACTIONS + 5));
    }

    @Test
    void binlogExpireLogsSecondsPurgesTheFilesOlderThanThatAtTheNextRotation() throws Exception {
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        for (int n = 1; n <= 3; n++) {
            Files.setLastModifiedTime(dir.resolve(name(n)), twoHoursAgo);
        }
        try (Session root = session("root")) {
            root.execute("SET GLOBAL binlog_expire_logs_seconds = 3600");
        }
        for (long gtid = TRANSACTIONS + 1; gtid <= TRANSACTIONS + 8; gtid++) {
            append(gtid); // the eighth file fills: the ninth begins, and expiry runs
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logNames()).startsWith(name(4)));
        assertThat(logNames()).hasSize(6);
        assertThat(vars.globalText("gtid_purged")).isEqualTo(GROUP + ":1-24");
        assertThat(log.read(1, 30)).extracting(TransactionLog.Entry::gtidNumber).containsExactlyElementsOf(range(25, 30));
    }

    @Test
    void badInputGetsMySqlsErrorsAndPurgesNothing() throws Exception {
        try (Session root = session("root")) {
            assertThatThrownBy(() -> root.execute("PURGE BINARY LOGS TO 'jgr-txlog.000099'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1373);
                        assertThat(e.getSQLState()).isEqualTo("HY000");
                        assertThat(e.getMessage()).isEqualTo("Target log not found in binlog index");
                    });
            assertThatThrownBy(() -> root.execute("PURGE BINARY LOGS BEFORE 'yesterday'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1210);
                        assertThat(e.getMessage()).isEqualTo("Incorrect arguments to PURGE LOGS BEFORE");
                    });
            assertThatThrownBy(() -> root.execute("PURGE BINARY LOGS"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1064));
            root.execute("CREATE USER app@'%' IDENTIFIED BY 'app-Secret1'");
        }
        try (Session app = session("app")) {
            assertThatThrownBy(() -> app.execute("PURGE BINARY LOGS TO '" + name(4) + "'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1227);
                        assertThat(e.getMessage()).contains("BINLOG_ADMIN");
                    });
            assertThatThrownBy(() -> app.execute("SHOW BINARY LOGS"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1227));
        }
        assertThat(logNames()).hasSize(8).startsWith(name(1));
        assertThat(log.read(1, TRANSACTIONS)).hasSize(TRANSACTIONS);
        assertThat(vars.globalText("gtid_purged")).isEmpty();

        try (Session root = session("root")) {
            root.execute("GRANT BINLOG_ADMIN ON *.* TO app@'%'");
        }
        try (Session app = session("app")) {
            app.execute("PURGE BINARY LOGS TO '" + name(2) + "'");
        }
        assertThat(logNames()).startsWith(name(2));
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            out.add(n);
        }
        return out;
    }
}
