package io.jgr.replication;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Deterministic certification, run at delivery on every member in the same order: a transaction
 * passes unless one of its write-set hashes was written by a transaction that certified after the
 * transaction's snapshot (first committer wins). The index maps each hash to the group index of
 * the last positive transaction that wrote it; entries at or below the stable index (what every
 * member has applied) can never cause a conflict again and are dropped.
 */
public final class Certifier {
    private final Map<Long, Long> lastWriter = new HashMap<>();
    /** Entries at or below this were dropped: an older snapshot cannot be certified safely any more. */
    private long purgedThrough;
    private long gtidCounter;

    /** The outcome for one transaction: positive with its GTID number, or negative (0). */
    public record Verdict(boolean positive, long gtidNumber) {
        static final Verdict NEGATIVE = new Verdict(false, 0);
    }

    /**
     * Certifies the transaction delivered at {@code index}. A positive one gets the next GTID
     * number and its hashes are recorded at {@code index}.
     */
    public Verdict certify(long index, long snapshot, long[] writeSet) {
        if (snapshot < purgedThrough && writeSet.length > 0) {
            return Verdict.NEGATIVE;
        }
        for (long h : writeSet) {
            Long last = lastWriter.get(h);
            if (last != null && last > snapshot) {
                return Verdict.NEGATIVE;
            }
        }
        for (long h : writeSet) {
            lastWriter.put(h, index);
        }
        return new Verdict(true, ++gtidCounter);
    }

    /** DDL and other statements without a write set: always positive, in order. */
    public Verdict certifyStatement() {
        return new Verdict(true, ++gtidCounter);
    }

    /** Drops the entries no member's future transaction can conflict with: those at or below {@code stable}. */
    public void purge(long stable) {
        if (stable <= purgedThrough) {
            return;
        }
        purgedThrough = stable;
        lastWriter.values().removeIf(i -> i <= stable);
    }

    public int size() {
        return lastWriter.size();
    }

    public long gtidCounter() {
        return gtidCounter;
    }

    /** Sets the GTID counter from this member's transaction log at start (what it already holds). */
    public void resumeAt(long gtidNumber) {
        gtidCounter = Math.max(gtidCounter, gtidNumber);
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(purgedThrough);
        out.writeLong(gtidCounter);
        out.writeInt(lastWriter.size());
        for (Map.Entry<Long, Long> e : lastWriter.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    void read(DataInput in) throws IOException {
        lastWriter.clear();
        purgedThrough = in.readLong();
        gtidCounter = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            lastWriter.put(in.readLong(), in.readLong());
        }
    }
}
