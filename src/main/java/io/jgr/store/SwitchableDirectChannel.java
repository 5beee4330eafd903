package io.jgr.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * H2's database file as H2 sees it: every call goes to the ordinary (buffered) channel, except that while
 * {@link #directWrites direct writes} are on, a positional write of whole blocks at a block offset — every
 * MVStore chunk and header write — goes to the device with O_DIRECT instead of through new page-cache pages
 * (why: docs/transaction-log.md, "Direct writes"; H2's file grows by each chunk it stores, as the
 * transaction log does). Any other write stays buffered; the kernel keeps direct and buffered I/O of one
 * file coherent, so reads see either.
 */
final class SwitchableDirectChannel extends FileChannel {
    private final FileChannel buffered;
    private final Path path;
    private final Consumer<SwitchableDirectChannel> onClose;
    /** Set while writes bypass the page cache; guarded by this. */
    private FileChannel direct;
    private ByteBuffer staging;
    private int block;
    private boolean refused;
    private volatile long directBytes;

    SwitchableDirectChannel(FileChannel buffered, Path path, Consumer<SwitchableDirectChannel> onClose) {
        this.buffered = buffered;
        this.path = path;
        this.onClose = onClose;
    }

    /**
     * {@code true}: whole-block writes from now on bypass the page cache, until {@code false}. Returns
     * whether they do: not where the file system refuses O_DIRECT (then they stay buffered, only slower).
     */
    synchronized boolean directWrites(boolean on) {
        if (!on) {
            closeDirect();
            return false;
        }
        if (direct == null && !refused) {
            try {
                block = DirectIo.blockSize(path);
            } catch (IOException e) {
                refused = true;
                return false;
            }
            direct = DirectIo.open(path).orElse(null);
            refused = direct == null;
            staging = direct == null ? null : DirectIo.stagingBuffer(block);
        }
        return direct != null;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        synchronized (this) {
            if (direct != null && position % block == 0 && src.remaining() % block == 0) {
                int start = src.position();
                try {
                    return writeDirect(src, position);
                } catch (IOException e) {
                    // a file system that opened O_DIRECT but refuses its writes: buffered from now on
                    refused = true;
                    closeDirect();
                    src.position(start);
                }
            }
        }
        return buffered.write(src, position);
    }

    private int writeDirect(ByteBuffer src, long position) throws IOException {
        int total = src.remaining();
        long at = position;
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), DirectIo.STAGING_BYTES);
            staging.clear().put(0, src, src.position(), n).limit(n);
            DirectIo.writeAll(direct, staging, at);
            src.position(src.position() + n);
            at += n;
        }
        directBytes += total;
        return total;
    }

    /** Bytes written past the page cache so far (tests, diagnostics). */
    long directBytes() {
        return directBytes;
    }

    private void closeDirect() {
        if (direct != null) {
            FileChannel d = direct;
            direct = null;
            staging = null;
            try {
                d.close();
            } catch (IOException ignored) {
                // nothing was pending: each direct write had returned
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return buffered.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return buffered.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return buffered.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return buffered.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return buffered.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return buffered.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        buffered.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return buffered.size();
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
        buffered.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        buffered.force(metaData); // fsync covers what either channel wrote: the same file
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return buffered.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return buffered.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return buffered.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return buffered.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return buffered.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        synchronized (this) {
            closeDirect();
        }
        onClose.accept(this);
        buffered.close();
    }
}
