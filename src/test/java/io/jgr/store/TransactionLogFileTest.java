package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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
}
