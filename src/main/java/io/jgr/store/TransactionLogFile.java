package io.jgr.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *
 * <p>The log is a sequence of files, as MySQL's binary log: {@code jgr-txlog.000001}, {@code .000002}, …
 * An append goes to a new file once the current one holds {@link #rotateAt} bytes (max_binlog_size);
 * {@link #purgeBefore} deletes whole files before a given one (PURGE BINARY LOGS, binlog_expire_logs_seconds),
 * never the current one. A position names the file and the offset in it ({@link #OFFSET_BITS}): positions in
 * the first file are plain offsets, as before files rotated.
 */
public final class TransactionLogFile implements Closeable {
    static final int HEADER = 16;

    /** -Djgr.transactionLog.directWrites=false keeps every write in the page cache (see {@link #directWrites}). */
    private static final boolean DIRECT_ALLOWED = !"false".equals(System.getProperty("jgr.transactionLog.directWrites"));

    /** A position's low bits: the offset in its file (files stay far below 1 TiB); the high bits: file number - 1. */
    static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    private static final Pattern SEQUENCE = Pattern.compile("(.+)\\.(\\d{6})");

    /** One file of the log, as SHOW BINARY LOGS lists it. */
    public record LogFile(int number, String name, long size, FileTime modified) {
    }

    private final Path first;
    private final String base;
    /** Every file opened so far, the current one included: positional reads need no lock. */
    private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
    private volatile int current;
    private Path path;
    /** Volatile: the housekeeper syncs it without the lock (a sync under it would hold up appends). */
    private volatile FileChannel channel;
    private long end;
    private LongSupplier rotateAt = () -> Long.MAX_VALUE;
    private Runnable rotated = () -> { };
    /** Set while appends bypass the page cache; null otherwise, and after a refused direct write. */
    private DirectAppender direct;
    private boolean directRefused;

    /**
     * Opens (creating) the log whose first file is {@code first}; later files are named after it with a
     * sequence number ({@code jgr-txlog.000001} → {@code jgr-txlog.000002}). New records go after everything in
     * the last file there is.
     */
    public TransactionLogFile(Path first) throws IOException {
        this.first = first;
        String name = first.getFileName().toString();
        Matcher m = SEQUENCE.matcher(name);
        this.base = m.matches() ? m.group(1) : name;
        int last = 1;
        for (LogFile f : files(first, base)) {
            last = Math.max(last, f.number());
        }
        open(last);
    }

    private void open(int number) throws IOException {
        Path p = pathOf(number);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel earlier = channels.put(number, ch);
        if (earlier != null) {
            earlier.close(); // opened for a read before it became the current file (a reopened log)
        }
        this.path = p;
        this.channel = ch;
        this.end = ch.size();
        this.current = number;
    }

    private Path pathOf(int number) {
        return number == 1 ? first : first.resolveSibling(nameOf(base, number));
    }

    private static String nameOf(String base, int number) {
        return String.format("%s.%06d", base, number);
    }

    /**
     * From now on an append that finds the current file holding {@code bytes} or more goes to a new file
     * (read at each append: max_binlog_size is dynamic), and {@code listener} runs after each new file
     * (binlog_expire_logs_seconds is checked then, as MySQL does at rotation); on the appending thread, so
     * it must only hand work off.
     */
    public synchronized void rotateAt(LongSupplier bytes, Runnable listener) {
        this.rotateAt = bytes;
        this.rotated = listener;
    }

    /** Appends one record; returns its position (to be indexed by the caller's H2 transaction). */
    public synchronized long append(long gtid, byte[] payload) throws IOException {
        if (end > 0 && end >= rotateAt.getAsLong()) {
            rotate();
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(payload.length).putLong(gtid).putInt(crc(payload)).put(payload).flip();
        long at = end;
        long position = ((long) (current - 1) << OFFSET_BITS) | at;
        if (direct != null) {
            try {
                direct.append(b);
                end = direct.end();
                return position;
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
        return position;
    }

    /** The next file: the current one synced (the housekeeper syncs only the current), direct writes carried over. */
    private void rotate() throws IOException {
        boolean wasDirect = direct != null;
        closeDirect();
        channel.force(false);
        open(current + 1);
        if (wasDirect) {
            directWrites(true);
        }
        rotated.run();
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
        FileChannel ch = channelOf(position, gtid);
        long pos = position & OFFSET_MASK;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
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

    /** The file a position is in, opened for reads if it was not yet; an IOException when it was purged. */
    private FileChannel channelOf(long position, long gtid) throws IOException {
        int number = (int) (position >>> OFFSET_BITS) + 1;
        FileChannel ch = channels.get(number);
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        synchronized (this) {
            ch = channels.get(number);
            if (ch == null || !ch.isOpen()) {
                try {
                    ch = FileChannel.open(pathOf(number), StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    throw damaged(gtid, position, "the file " + nameOf(base, number) + " was purged");
                }
                channels.put(number, ch);
            }
            return ch;
        }
    }

    private IOException damaged(long gtid, long position, String why) {
        String file = pathOf((int) (position >>> OFFSET_BITS) + 1).getFileName().toString();
        return new IOException("the transaction log file " + file + " does not hold GTID number "
                + gtid + " at position " + (position & OFFSET_MASK) + ": " + why);
    }

    /** The files of the log, oldest first (SHOW BINARY LOGS). */
    public synchronized List<LogFile> files() throws IOException {
        return files(first, base);
    }

    private static List<LogFile> files(Path first, String base) throws IOException {
        List<LogFile> out = new ArrayList<>();
        Path dir = first.toAbsolutePath().getParent();
        String firstName = first.getFileName().toString();
        try (var names = Files.list(dir)) {
            for (Path p : (Iterable<Path>) names::iterator) {
                String name = p.getFileName().toString();
                int number = name.equals(firstName) ? 1 : numberOf(base, name);
                if (number > 0) {
                    try {
                        out.add(new LogFile(number, name, Files.size(p), Files.getLastModifiedTime(p)));
                    } catch (NoSuchFileException e) {
                        // purged meanwhile
                    }
                }
            }
        }
        out.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return out;
    }

    private static int numberOf(String base, String name) {
        Matcher m = SEQUENCE.matcher(name);
        return m.matches() && m.group(1).equals(base) ? Integer.parseInt(m.group(2)) : -1;
    }

    /** The number of the file appends go to now. */
    public int currentFile() {
        return current;
    }

    /** The first position in file {@code number}: every record of the files before it lies below. */
    public static long startOf(int number) {
        return (long) (number - 1) << OFFSET_BITS;
    }

    /**
     * Deletes the files numbered below {@code number} (never the current one); returns their names. The
     * caller has taken their records out of the index first, so nothing reads them any more (a donor still
     * reading one gets an IOException, as for a damaged record).
     */
    public synchronized List<String> purgeBefore(int number) throws IOException {
        List<String> deleted = new ArrayList<>();
        int below = Math.min(number, current);
        for (LogFile f : files(first, base)) {
            if (f.number() < below) {
                FileChannel ch = channels.remove(f.number());
                if (ch != null) {
                    ch.close();
                }
                Files.deleteIfExists(pathOf(f.number()));
                deleted.add(f.name());
            }
        }
        return deleted;
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
            for (FileChannel ch : channels.values()) {
                ch.close();
            }
        }
    }
}
