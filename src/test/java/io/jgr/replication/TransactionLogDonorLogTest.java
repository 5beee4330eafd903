package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.recovery.DonorLog;
import io.jgr.recovery.GtidRange;
import io.jgr.recovery.LoggedTransaction;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The transaction log as a donor serves it: totals, GTID order across pages, a hole ends the stream. */
class TransactionLogDonorLogTest {
    static final String UUID_TEXT = UUID.randomUUID().toString();

    static TransactionLog logWith(Connection c, long from, long to, long... holes) throws Exception {
        c.setAutoCommit(false);
        c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS jgr_internal");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("jgr-txlog", ".test");
        file.toFile().deleteOnExit();
        TransactionLog log = new TransactionLog(c, new io.jgr.store.TransactionLogFile(file));
        for (long g = from; g <= to; g++) {
            final long gg = g;
            if (java.util.Arrays.stream(holes).noneMatch(h -> h == gg)) {
                log.append(c, g, g + 10, ("tx-" + g).getBytes());
            }
        }
        c.commit();
        return log;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "1,1200,1200", "500,1100,601", "1024,1025,2", "1200,1200,1"})
    void readsTheRangeInOrderAcrossPages(long first, long last, long count) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
            DonorLog log = new TransactionLogDonorLog(logWith(c, 1, 1200));
            GtidRange range = new GtidRange(UUID_TEXT, first, last);
            DonorLog.Size size = log.size(range);
            assertThat(size.transactions()).isEqualTo(count);
            try (Stream<LoggedTransaction> s = log.read(range)) {
                List<LoggedTransaction> all = s.toList();
                assertThat(all).hasSize((int) count);
                assertThat(all.get(0).gtid()).isEqualTo(UUID_TEXT + ":" + first);
                assertThat(all.get(all.size() - 1).gtid()).isEqualTo(UUID_TEXT + ":" + last);
                assertThat(new String(all.get(0).payload())).isEqualTo("tx-" + first);
                assertThat(all.stream().mapToLong(t -> t.payload().length).sum()).isEqualTo(size.bytes());
            }
        }
    }

    @Test
    void aGtidTheLogDoesNotHoldEndsTheStream() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
            DonorLog log = new TransactionLogDonorLog(logWith(c, 1, 700, 600));
            try (Stream<LoggedTransaction> s = log.read(new GtidRange(UUID_TEXT, 1, 700))) {
                assertThatThrownBy(s::toList).isInstanceOf(UncheckedIOException.class).hasMessageContaining(UUID_TEXT + ":600");
            }
            try (Stream<LoggedTransaction> s = log.read(new GtidRange(UUID_TEXT, 1, 800))) {
                assertThatThrownBy(s::count).isInstanceOf(UncheckedIOException.class);
            }
        }
    }

    @Test
    void aDonorWaitsForItsApplierToReachTheEndOfTheRange() throws Exception {
        String url = "jdbc:h2:mem:donorwait" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Connection reader = DriverManager.getConnection(url); Connection writer = DriverManager.getConnection(url)) {
            TransactionLog log = logWith(reader, 1, 5);
            writer.setAutoCommit(false);
            DonorLog donor = new TransactionLogDonorLog(log, java.time.Duration.ofSeconds(30));
            Thread applier = new Thread(() -> {
                try {
                    for (long g = 6; g <= 8; g++) {
                        Thread.sleep(100);
                        log.append(writer, g, g + 10, ("tx-" + g).getBytes());
                        writer.commit();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            applier.start();
            GtidRange range = new GtidRange(UUID_TEXT, 3, 8);
            assertThat(donor.size(range).transactions()).isEqualTo(6);
            try (Stream<LoggedTransaction> s = donor.read(range)) {
                assertThat(s.map(LoggedTransaction::gtid).toList()).endsWith(UUID_TEXT + ":8").hasSize(6);
            }
            applier.join(10_000);
        }
    }

    @Test
    void aDonorWhoseApplierNeverGetsThereAnswersWithWhatItHolds() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
            DonorLog donor = new TransactionLogDonorLog(logWith(c, 1, 5), java.time.Duration.ofMillis(200));
            assertThat(donor.size(new GtidRange(UUID_TEXT, 3, 8)).transactions()).isEqualTo(3);
        }
    }

    @Test
    void aGapBelowTheLastTransactionIsFound() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
            TransactionLog log = logWith(c, 5, 20, 9, 10, 14);
            assertThat(log.firstMissing()).hasValue(9);
            assertThat(log.last()).isEqualTo(20);
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
            assertThat(logWith(c, 5, 20).firstMissing()).as("gap-free from its first entry").isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:")) {
            assertThat(logWith(c, 1, 0).firstMissing()).as("empty").isEmpty();
        }
    }
}
