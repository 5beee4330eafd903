package io.jgr.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Appends to a file with {@code O_DIRECT}: the bytes go from an aligned buffer to the device, not through
 * new page-cache pages, which a growing file would otherwise take at every append (on the VM jgr is
 * measured on, handing those out is most of the cost of writing: docs/transaction-log.md, "Direct writes").
 *
 * <p>O_DIRECT writes whole blocks at block offsets, so the last, partial block (the tail) is kept here and
 * written again, padded with zeros, by the next append. The file therefore ends with up to a block of
 * zeros past the logical end; nothing reads there (records are read by the positions an index holds), and
 * a buffered write at the logical end later overwrites them (the kernel keeps direct and buffered I/O of
 * one file coherent). One writer at a time: the caller serialises appends.
 */
final class DirectAppender implements Closeable {
    private final FileChannel channel;
    private final int block;
    private final ByteBuffer staging;
    /** File offset of staging[0] (block aligned). */
    private long base;
    /** Bytes of the partial last block held at staging[0, tail). */
    private int tail;

    private DirectAppender(FileChannel channel, int block, long base, ByteBuffer tailBytes) {
        this.channel = channel;
        this.block = block;
        this.staging = DirectIo.stagingBuffer(block);
        this.base = base;
        this.tail = tailBytes.remaining();
        staging.put(0, tailBytes, tailBytes.position(), tail);
    }

    /**
     * A direct appender for {@code path} whose next append goes at {@code base} + the bytes of
     * {@code tailBytes}, which are what the file holds from {@code base} (a multiple of {@link #blockSize}, and
     * less than a block before the end); empty where the file system refuses O_DIRECT (tmpfs, for one).
     */
    static Optional<DirectAppender> open(Path path, long base, ByteBuffer tailBytes) throws IOException {
        int block = DirectIo.blockSize(path);
        if (base % block != 0 || tailBytes.remaining() >= block) {
            throw new IllegalArgumentException("not a block boundary and a partial block: " + base + ", " + tailBytes.remaining());
        }
        return DirectIo.open(path).map(ch -> new DirectAppender(ch, block, base, tailBytes));
    }

    int blockSize() {
        return block;
    }

    /** The logical end: where the next append goes. */
    long end() {
        return base + tail;
    }

    /** Writes {@code record} (its remaining bytes) at {@link #end}; on return it is in the file. */
    void append(ByteBuffer record) throws IOException {
        while (record.hasRemaining()) {
            int n = Math.min(record.remaining(), staging.capacity() - tail);
            staging.put(tail, record, record.position(), n);
            record.position(record.position() + n);
            int filled = tail + n;
            int padded = roundUp(filled);
            for (int i = filled; i < padded; i++) {
                staging.put(i, (byte) 0);
            }
            DirectIo.writeAll(channel, staging.duplicate().position(0).limit(padded), base);
            int whole = filled - filled % block;
            if (whole > 0 && whole < filled) { // move the partial block to the front: the next append rewrites it
                staging.put(0, staging, whole, filled - whole);
            }
            base += whole;
            tail = filled - whole;
        }
    }

    private int roundUp(int n) {
        return (n + block - 1) / block * block;
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
