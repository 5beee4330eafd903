package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payload file: records read back by position, appends after a reopen, damage detected. */
class TransactionLogFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsAreReadBackByPositionAndAppendsGoOnAfterAReopen() throws IOException {
        Path path = dir.resolve("log");
        long a;
        long b;
        try (TransactionLogFile f = new TransactionLogFile(path)) {
            a = f.append(1, bytes("first"));
            b = f.append(2, new byte[0]);
            assertThat(a).isZero();
            assertThat(b).isEqualTo(TransactionLogFile.HEADER + 5);
            assertThat(f.read(a, 5, 1)).isEqualTo(bytes("first"));
            assertThat(f.read(b, 0, 2)).isEmpty();
        }
        try (TransactionLogFile f = new TransactionLogFile(path)) {
            long c = f.append(3, bytes("third"));
            assertThat(c).isEqualTo(b + TransactionLogFile.HEADER);
            assertThat(f.read(a, 5, 1)).isEqualTo(bytes("first"));
            assertThat(f.read(c, 5, 3)).isEqualTo(bytes("third"));
        }
    }

    /**
     * Direct writes (O_DIRECT, a bulk writer's mode): records of every size across block boundaries and
     * past the staging buffer, after buffered ones and followed by buffered ones again, then a reopen: every
     * record reads back at the position its append returned, and appends go on after the last.
     */
    @Test
    void directWritesKeepEveryRecordWhereItsAppendSaid() throws IOException {
        Path path = dir.resolve("log");
        java.util.List<long[]> at = new java.util.ArrayList<>(); // {position, gtid, length}
        java.util.Random random = new java.util.Random(42);
        int[] sizes = {0, 1, 4079, 4080, 4081, 100, 8192, (1 << 20) + 3, 3 * (1 << 20), 13, 65_536, 4095};
        try (TransactionLogFile f = new TransactionLogFile(path)) {
            long gtid = 0;
            at.add(new long[] {f.append(++gtid, payload(gtid, 5)), gtid, 5}); // buffered: an unaligned end
            boolean direct = f.directWrites(true);
            if ("true".equals(System.getenv("CI"))) {
                assertThat(direct).as("O_DIRECT on CI's file system").isTrue();
            }
            for (int size : sizes) {
                at.add(new long[] {f.append(++gtid, payload(gtid, size)), gtid, size});
            }
            for (int i = 0; i < 50; i++) {
                int size = random.nextInt(20_000);
                at.add(new long[] {f.append(++gtid, payload(gtid, size)), gtid, size});
            }
            f.directWrites(false);
            at.add(new long[] {f.append(++gtid, payload(gtid, 7)), gtid, 7});
            assertThat(f.directWrites(true)).isEqualTo(direct); // again, from a buffered, unaligned end
            at.add(new long[] {f.append(++gtid, payload(gtid, 9000)), gtid, 9000});
            for (long[] r : at) {
                assertThat(f.read(r[0], (int) r[2], r[1])).isEqualTo(payload(r[1], (int) r[2]));
            }
            for (int i = 1; i < at.size(); i++) { // one after another, no gap: the log is as compact as before
                assertThat(at.get(i)[0]).isEqualTo(at.get(i - 1)[0] + TransactionLogFile.HEADER + at.get(i - 1)[2]);
            }
        }
        try (TransactionLogFile f = new TransactionLogFile(path)) {
            long next = f.append(1_000, payload(1_000, 3));
            long[] last = at.get(at.size() - 1);
            assertThat(next).isGreaterThanOrEqualTo(last[0] + TransactionLogFile.HEADER + last[2]);
            for (long[] r : at) {
                assertThat(f.read(r[0], (int) r[2], r[1])).isEqualTo(payload(r[1], (int) r[2]));
            }
            assertThat(f.read(next, 3, 1_000)).isEqualTo(payload(1_000, 3));
        }
    }

    private static byte[] payload(long seed, int size) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aRecordThatDoesNotMatchTheIndexIsAnErrorNeverWrongBytes() throws IOException {
        Path path = dir.resolve("log");
        try (TransactionLogFile f = new TransactionLogFile(path)) {
            long a = f.append(7, bytes("payload"));
            assertThatThrownBy(() -> f.read(a, 7, 8)).isInstanceOf(IOException.class).hasMessageContaining("GTID number 8");
            assertThatThrownBy(() -> f.read(a, 6, 7)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> f.read(a + 100, 7, 7)).isInstanceOf(IOException.class).hasMessageContaining("ends");
            try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
                raw.seek(TransactionLogFile.HEADER + 2);
                raw.write('X');
            }
            assertThatThrownBy(() -> f.read(a, 7, 7)).isInstanceOf(IOException.class).hasMessageContaining("does not match");
        }
    }

    /**
     * max_binlog_size: an append that finds the current file full goes to the next one (direct writes carried
     * over); every record reads back by the position its append returned, across files; a reopen continues the
     * last file; a purge deletes whole files before a given one, never the current one, and a read there is an
     * IOException that says so.
     */
    @Test
    void filesRotateAtTheirSizeAndArePurgedWhole() throws IOException {
        Path first = dir.resolve("jgr-txlog.000001");
        java.util.List<long[]> at = new java.util.ArrayList<>(); // {position, gtid, length}
        java.util.concurrent.atomic.AtomicInteger rotations = new java.util.concurrent.atomic.AtomicInteger();
        try (TransactionLogFile f = new TransactionLogFile(first)) {
            f.rotateAt(() -> 10_000, rotations::incrementAndGet);
            long gtid = 0;
            for (int i = 0; i < 12; i++) {
                at.add(new long[] {f.append(++gtid, payload(gtid, 3_000)), gtid, 3_000});
            }
            f.directWrites(true); // O_DIRECT where the file system allows it, across the next rotations
            for (int i = 0; i < 12; i++) {
                at.add(new long[] {f.append(++gtid, payload(gtid, 3_000)), gtid, 3_000});
            }
            f.directWrites(false);
            assertThat(f.currentFile()).isEqualTo(6); // four 3,016-byte records per file: 10,000 is reached after the fourth
            assertThat(rotations).hasValue(5);
            assertThat(f.files()).extracting(TransactionLogFile.LogFile::name).containsExactly("jgr-txlog.000001",
                    "jgr-txlog.000002", "jgr-txlog.000003", "jgr-txlog.000004", "jgr-txlog.000005", "jgr-txlog.000006");
            for (long[] r : at) {
                assertThat(f.read(r[0], (int) r[2], r[1])).isEqualTo(payload(r[1], (int) r[2]));
            }
        }
        try (TransactionLogFile f = new TransactionLogFile(first)) {
            assertThat(f.currentFile()).isEqualTo(6);
            long next = f.append(100, payload(100, 5));
            assertThat(next >>> TransactionLogFile.OFFSET_BITS).isEqualTo(5); // the sixth file
            assertThat(f.purgeBefore(3)).containsExactly("jgr-txlog.000001", "jgr-txlog.000002");
            assertThat(Files.exists(first)).isFalse();
            assertThatThrownBy(() -> f.read(at.get(0)[0], 3_000, 1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("jgr-txlog.000001 was purged");
            long[] kept = at.get(8); // the first record of the third file
            assertThat(f.read(kept[0], 3_000, kept[1])).isEqualTo(payload(kept[1], 3_000));
            assertThat(f.purgeBefore(99)).as("never the current file").hasSize(3);
            assertThat(f.files()).extracting(TransactionLogFile.LogFile::number).containsExactly(6);
            assertThat(f.read(next, 5, 100)).isEqualTo(payload(100, 5));
        }
        try (TransactionLogFile f = new TransactionLogFile(first)) {
            assertThat(f.currentFile()).as("after the first files were purged").isEqualTo(6);
        }
    }
}
