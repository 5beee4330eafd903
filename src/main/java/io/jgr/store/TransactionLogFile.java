package io.jgr.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The transaction log's payloads, appended to one file in the datadir; the log's index (GTID → position)
 * is a table in H2, written in the same H2 transaction as the data (docs/transaction-log.md).
 *
 * <p>Why a file and not a column: every H2 store rewrites each B-tree leaf it dirtied whole, so payloads
 * kept in the log table were serialised again with every commit that touched the table's last leaf (a
 * 16 KB page holding ~13 sysbench payloads, for one new row). Here each payload is written once.
 *
 * <p>A record is {@code [int length][long gtid][int crc32c][payload]}. A record is written before the
 * H2 commit that indexes it; one whose commit never happened (a crash, a rolled-back run) is never
 * indexed and is dead space, never read. Like H2's own file it survives a killed process at once and
 * is synced once a second (by the {@link StoreHousekeeper}, just before H2's file), not per commit.
 */
public final class TransactionLogFile implements Closeable {
    static final int HEADER = 16;

    /** -Djgr.transactionLog.directWrites=false keeps every write in the page cache (see {@link #directWrites}). */
    private static final boolean DIRECT_ALLOWED = !"false".equals(System.getProperty("jgr.transactionLog.directWrites"));

    private final Path path;
    private final FileChannel channel;
    private long end;
    /** Set while appends bypass the page cache; null otherwise, and after a refused direct write. */
    private DirectAppender direct;
    private boolean directRefused;

    /** Opens (creating) the file; new records go after everything already in it. */
    public TransactionLogFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.end = channel.size();
    }

    /** Appends one record; returns its position (to be indexed by the caller's H2 transaction). */
    public synchronized long append(long gtid, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(payload.length).putLong(gtid).putInt(crc(payload)).put(payload).flip();
        long at = end;
        if (direct != null) {
            try {
                direct.append(b);
                end = direct.end();
                return at;
            } catch (IOException e) {
                // a file system that opened O_DIRECT but refuses its writes: this file stays buffered
                directRefused = true;
                closeDirect();
                b.rewind();
            }
        }
        long pos = at;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        end = pos;
        return at;
    }

    /**
     * Bulk writing (distributed recovery): {@code true} sends the appends that follow straight to the device
     * (O_DIRECT) instead of through new page-cache pages, until {@code false}. Returns whether they now
     * bypass the cache: not where the file system refuses O_DIRECT, nor with
     * {@code -Djgr.transactionLog.directWrites=false}. Reads are unaffected (they go through the cache, which
     * the kernel keeps coherent with direct writes). Why: docs/transaction-log.md, "Direct writes".
     */
    public synchronized boolean directWrites(boolean on) throws IOException {
        if (!on) {
            closeDirect();
            return false;
        }
        if (direct == null && DIRECT_ALLOWED && !directRefused) {
            int block = DirectIo.blockSize(path);
            long base = end - end % block;
            ByteBuffer tail = ByteBuffer.allocate((int) (end - base));
            while (tail.hasRemaining()) {
                if (channel.read(tail, base + tail.position()) < 0) {
                    throw new IOException("the transaction log file " + path.getFileName() + " ends before " + end);
                }
            }
            direct = DirectAppender.open(path, base, tail.flip()).orElse(null);
            directRefused = direct == null;
        }
        return direct != null;
    }

    private void closeDirect() throws IOException {
        if (direct != null) {
            DirectAppender d = direct;
            direct = null;
            d.close();
        }
    }

    /**
     * The payload of the record at {@code position}, checked against what the index says it holds:
     * a record that does not match (a file damaged or cut short outside jgr) is an IOException, never
     * wrong bytes.
     */
    public byte[] read(long position, int length, long gtid) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER + length);
        long pos = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                throw damaged(gtid, position, "the file ends at " + pos);
            }
            pos += n;
        }
        b.flip();
        int len = b.getInt();
        long g = b.getLong();
        int crc = b.getInt();
        byte[] payload = new byte[length];
        b.get(payload);
        if (len != length || g != gtid || crc != crc(payload)) {
            throw damaged(gtid, position, "the record there does not match");
        }
        return payload;
    }

    private IOException damaged(long gtid, long position, String why) {
        return new IOException("the transaction log file " + path.getFileName() + " does not hold GTID number "
                + gtid + " at position " + position + ": " + why);
    }

    private static int crc(byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(payload, 0, payload.length);
        return (int) c.getValue();
    }

    /** To the disk (the housekeeper's once-a-second sync, before H2's own); a closed file has nothing to sync. */
    void force() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            closeDirect();
        } finally {
            channel.close();
        }
    }
}
