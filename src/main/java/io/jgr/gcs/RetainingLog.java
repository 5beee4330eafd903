package io.jgr.gcs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;
import org.jgroups.Address;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.LogEntries;
import org.jgroups.protocols.raft.LogEntry;

/**
 * This member's Raft log, in memory, addressed by log index.
 *
 * <p>It replaces jgroups-raft 1.1.4's {@code InMemoryLog}, which stores entries in arrival order and
 * ignores the index it is given: after a follower installs a snapshot, its entries sit at the wrong
 * positions, and once the log cache no longer covers them the member stops applying ("failed moving
 * commit_index to N: index cannot be greater then M") and stays behind the group for good.
 *
 * <p>Truncation keeps what followers still need. RAFT snapshots every {@code max_log_size} bytes and
 * truncates to its commit index; a follower behind that point would then be sent a snapshot, which
 * carries the group's certification state but not the rows it missed. So the log keeps entries from
 * the lowest index a follower still needs ({@code neededFrom}), as long as the retained entries fit in
 * {@code retentionBytes}; past that budget the oldest go and such a follower gets the snapshot.
 */
final class RetainingLog implements Log {
    private static final int INITIAL_CAPACITY = 1024;

    private final LongSupplier neededFrom;
    private final long retentionBytes;

    /** Entry {@code i} is at {@code ring[i & (ring.length - 1)]} for {@code lowest() <= i <= last}. */
    private LogEntry[] ring = new LogEntry[INITIAL_CAPACITY];
    private long first;
    private long last;
    private long commit;
    private long term;
    private long bytes;
    private Address votedFor;
    private ByteBuffer snapshot;

    /**
     * @param neededFrom     lowest index some follower still needs (the entry before the first one it
     *                       lacks), or {@code Long.MAX_VALUE} when no follower needs anything
     * @param retentionBytes most command bytes kept below the commit index for followers
     */
    RetainingLog(LongSupplier neededFrom, long retentionBytes) {
        this.neededFrom = neededFrom;
        this.retentionBytes = retentionBytes;
    }

    @Override
    public void init(String logName, Map<String, String> args) {
    }

    @Override
    public Log useFsync(boolean f) {
        return this;
    }

    @Override
    public boolean useFsync() {
        return false;
    }

    @Override
    public synchronized void delete() {
        clear();
        first = last = commit = term = 0;
        votedFor = null;
        snapshot = null;
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized long currentTerm() {
        return term;
    }

    @Override
    public synchronized Log currentTerm(long newTerm) {
        term = newTerm;
        return this;
    }

    @Override
    public synchronized Address votedFor() {
        return votedFor;
    }

    @Override
    public synchronized Log votedFor(Address member) {
        votedFor = member;
        return this;
    }

    @Override
    public synchronized long commitIndex() {
        return commit;
    }

    @Override
    public synchronized Log commitIndex(long newIndex) {
        commit = newIndex;
        return this;
    }

    @Override
    public synchronized long firstAppended() {
        return first;
    }

    @Override
    public synchronized long lastAppended() {
        return last;
    }

    @Override
    public synchronized void setSnapshot(ByteBuffer sn) {
        snapshot = sn;
    }

    @Override
    public synchronized ByteBuffer getSnapshot() {
        return snapshot == null ? null : snapshot.duplicate();
    }

    /** Stores {@code entries} at {@code index} onwards, replacing any entries from {@code index} on. */
    @Override
    public synchronized long append(long index, LogEntries entries) {
        if (entries.size() == 0) {
            return last;
        }
        if (index < lowest() || index > last + 1) {
            throw new IllegalArgumentException("cannot append at " + index + ": the log holds " + lowest() + ".." + last);
        }
        dropFrom(index);
        ensureCapacity(last - lowest() + 1 + entries.size());
        long i = index;
        for (LogEntry e : entries) {
            ring[slot(i)] = e;
            bytes += e.length();
            term = Math.max(term, e.term());
            last = i++;
        }
        return last;
    }

    @Override
    public synchronized LogEntry get(long index) {
        return index < lowest() || index > last || index <= 0 ? null : ring[slot(index)];
    }

    @Override
    public synchronized void truncate(long indexExclusive) {
        long upTo = Math.min(indexExclusive, commit);
        long keepFrom = Math.max(lowest(), Math.min(upTo, neededFrom.getAsLong()));
        for (long i = lowest(); i < keepFrom; i++) {
            drop(i);
        }
        while (keepFrom < upTo && bytes > retentionBytes) {
            drop(keepFrom++);
        }
        if (keepFrom > first) {
            first = keepFrom;
        }
        if (last < first) {
            last = first;
        }
    }

    /** After a snapshot up to {@code index}: the log is that one (placeholder) entry. */
    @Override
    public synchronized void reinitializeTo(long index, LogEntry entry) {
        clear();
        first = last = commit = index;
        ring[slot(index)] = entry;
        bytes = entry.length();
        term = entry.term();
    }

    @Override
    public synchronized void deleteAllEntriesStartingFrom(long startIndex) {
        if (startIndex < lowest() || startIndex > last) {
            return;
        }
        dropFrom(startIndex);
        LogEntry previous = get(last);
        term = previous != null ? previous.term() : 0;
        commit = Math.min(commit, last);
    }

    /** Calls {@code function} for each stored entry from {@code start} to {@code end}, both inclusive. */
    @Override
    public synchronized void forEach(ObjLongConsumer<LogEntry> function, long start, long end) {
        for (long i = Math.max(start, lowest()); i <= Math.min(end, last); i++) {
            LogEntry e = ring[slot(i)];
            if (e != null) {
                function.accept(e, i);
            }
        }
    }

    @Override
    public void forEach(ObjLongConsumer<LogEntry> function) {
        forEach(function, 1, Long.MAX_VALUE);
    }

    @Override
    public synchronized long sizeInBytes() {
        return bytes;
    }

    @Override
    public synchronized String toString() {
        return "first=" + first + ", last=" + last + ", commit=" + commit + ", term=" + term + ", bytes=" + bytes;
    }

    /** The lowest index an entry may be stored at: 1 before any truncation, else the first appended. */
    private long lowest() {
        return Math.max(first, 1);
    }

    private int slot(long index) {
        return (int) (index & (ring.length - 1));
    }

    private void drop(long index) {
        int s = slot(index);
        LogEntry e = ring[s];
        if (e != null) {
            bytes -= e.length();
            ring[s] = null;
        }
    }

    /** Removes entries {@code from..last}; {@code last} becomes {@code from - 1}. */
    private void dropFrom(long from) {
        for (long i = from; i <= last; i++) {
            drop(i);
        }
        last = Math.min(last, from - 1);
    }

    private void clear() {
        Arrays.fill(ring, null);
        bytes = 0;
    }

    private void ensureCapacity(long needed) {
        if (needed <= ring.length) {
            return;
        }
        int capacity = ring.length;
        while (capacity < needed) {
            if (capacity >= 1 << 30) {
                throw new IllegalStateException("the Raft log cannot hold " + needed + " entries");
            }
            capacity <<= 1;
        }
        LogEntry[] bigger = new LogEntry[capacity];
        for (long i = lowest(); i <= last; i++) {
            bigger[(int) (i & (capacity - 1))] = ring[slot(i)];
        }
        ring = bigger;
    }
}
