package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's database file channel: with direct writes on, whole blocks at block offsets go past the page cache
 * (O_DIRECT), anything else stays buffered, and every byte reads back where it was written — through the
 * channel, and from the file after it is closed.
 */
class SwitchableDirectChannelTest {
    private static final int BLOCK = 4096; // H2's MVStore block, at least the file system's here
    private static final boolean CI = "true".equals(System.getenv("CI"));

    @TempDir
    Path dir;

    @Test
    void wholeBlocksGoDirectOtherWritesStayBufferedAndAllReadBack() throws IOException {
        Path path = dir.resolve("db.mv.db");
        byte[] expected = new byte[6 * (1 << 20)];
        Random random = new Random(7);
        try (SwitchableDirectChannel ch = open(path)) {
            write(ch, random, expected, 0, 2 * BLOCK, false); // buffered: a header before bulk loading
            boolean direct = ch.directWrites(true);
            if (CI) {
                assertThat(direct).as("O_DIRECT on CI's file system").isTrue();
            }
            write(ch, random, expected, 2 * BLOCK, BLOCK, false);
            write(ch, random, expected, 3 * BLOCK, 3 * (1 << 20) + BLOCK, true); // past the 1 MiB staging buffer, a direct buffer
            write(ch, random, expected, 3 * BLOCK + 100, 7, false); // unaligned: buffered, over directly written blocks
            long end = 3 * BLOCK + 3 * (1 << 20) + BLOCK;
            write(ch, random, expected, end, 1000, false); // a partial block: buffered
            long before = ch.directBytes();
            write(ch, random, expected, 5 * (1 << 20), 2 * BLOCK, false); // aligned again: direct, past a hole
            if (direct) {
                assertThat(ch.directBytes() - before).isEqualTo(2 * BLOCK);
                assertThat(ch.directBytes()).isEqualTo(BLOCK + 3 * (1 << 20) + BLOCK + 2 * BLOCK);
            } else {
                assertThat(ch.directBytes()).isZero();
            }
            ch.directWrites(false);
            long off = ch.directBytes();
            write(ch, random, expected, 6 * (1 << 20) - 2 * BLOCK, 2 * BLOCK, false); // off again: buffered
            assertThat(ch.directBytes()).isEqualTo(off);
            assertThat(ch.size()).isEqualTo(expected.length);
            ByteBuffer back = ByteBuffer.allocate(expected.length);
            while (back.hasRemaining()) {
                assertThat(ch.read(back, back.position())).isPositive();
            }
            assertThat(back.array()).isEqualTo(expected);
        }
        assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    }

    @Test
    void directWritesCanBeTurnedOnAndOffRepeatedlyAndCloseWithTheChannel() throws IOException {
        Path path = dir.resolve("db.mv.db");
        byte[] expected = new byte[8 * BLOCK];
        Random random = new Random(11);
        boolean[] closed = {false};
        SwitchableDirectChannel ch = new SwitchableDirectChannel(
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), path,
                c -> closed[0] = true);
        for (int i = 0; i < 8; i++) {
            ch.directWrites(i % 2 == 0);
            write(ch, random, expected, (long) i * BLOCK, BLOCK, i % 3 == 0);
        }
        ch.directWrites(true);
        ch.close();
        assertThat(closed[0]).isTrue();
        assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    }

    private static SwitchableDirectChannel open(Path path) throws IOException {
        return new SwitchableDirectChannel(
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), path, c -> { });
    }

    /** Writes {@code length} random bytes at {@code at} (from a heap or a direct buffer) and records them in {@code expected}. */
    private static void write(FileChannel ch, Random random, byte[] expected, long at, int length, boolean directBuffer)
            throws IOException {
        byte[] b = new byte[length];
        random.nextBytes(b);
        System.arraycopy(b, 0, expected, (int) at, length);
        ByteBuffer src = directBuffer ? ByteBuffer.allocateDirect(length).put(b).flip() : ByteBuffer.wrap(b);
        while (src.hasRemaining()) {
            ch.write(src, at + src.position());
        }
    }
}
