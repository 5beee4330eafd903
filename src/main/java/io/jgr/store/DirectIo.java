package io.jgr.store;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * What jgr's two O_DIRECT writers ({@link DirectAppender}, {@link SwitchableDirectChannel}) share: the block
 * size, opening with O_DIRECT where the file system allows it, an aligned staging buffer, writing it whole.
 */
final class DirectIo {
    /** Each writer's staging buffer: larger writes go out in several pieces. */
    static final int STAGING_BYTES = 1 << 20;

    private DirectIo() {
    }

    /** The alignment O_DIRECT needs for {@code path}: its file store's block size, within 512 B – 64 KiB. */
    static int blockSize(Path path) throws IOException {
        long b = Files.getFileStore(path).getBlockSize();
        return (int) Math.max(512, Math.min(b, 64 * 1024));
    }

    /** A write-only O_DIRECT channel on {@code path}; empty where the file system refuses O_DIRECT (tmpfs, for one). */
    static Optional<FileChannel> open(Path path) {
        try {
            return Optional.of(FileChannel.open(path, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** A staging buffer of {@link #STAGING_BYTES} whose start is aligned to {@code block}. */
    static ByteBuffer stagingBuffer(int block) {
        return ByteBuffer.allocateDirect(STAGING_BYTES + block).alignedSlice(block);
    }

    /** Writes all of {@code b} (from its position 0, aligned) at {@code at} through the O_DIRECT {@code channel}. */
    static void writeAll(FileChannel channel, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            if (channel.write(b, at + b.position()) <= 0) {
                throw new IOException("a direct write wrote nothing at " + (at + b.position()));
            }
        }
    }
}
