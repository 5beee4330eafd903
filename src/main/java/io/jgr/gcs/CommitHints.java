package io.jgr.gcs;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.jgroups.protocols.raft.LogEntry;

/**
 * What a follower learns from the leader's answer to one of its own messages: the entry at that log index, of that
 * term, is committed. jgroups-raft tells followers the commit index only with the leader's next append or every
 * {@code resend_interval} (commits are not sent at once: pitfall 9), so a member that writes but is not the leader
 * (a primary elected after a failover, any member in multi-primary mode) waited up to that interval for each of its
 * own commits when nothing else was appended: 16 sysbench clients on such a primary committed 260 transactions a
 * second against 550 on the leader (docs/group-engine.md, "A follower's own commits").
 *
 * <p>Committing up to the hinted index is safe when this member's log holds an entry of the same term there: by
 * Raft's log matching, the two logs are then identical up to that index, and that prefix is committed for good.
 * An entry of another term there means the logs differ: the hint is dropped and the leader's appends decide.
 */
final class CommitHints {
    /** A committed entry: its log index and term. */
    record Hint(long index, long term) {
    }

    private final AtomicReference<Hint> pending = new AtomicReference<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    /** Any thread: keeps the highest hint; true when the caller must wake RAFT's runner to look at it. */
    boolean offer(long index, long term) {
        Hint h = new Hint(index, term);
        pending.accumulateAndGet(h, (held, next) -> held == null || next.index() > held.index() ? next : held);
        return wakeQueued.compareAndSet(false, true);
    }

    /**
     * RAFT's runner thread: the index to commit to now, or 0. A hint whose entry has not arrived yet (the leader
     * committed it with the other follower's acknowledgement) is kept for the append that brings it.
     */
    long take(long commitIndex, long lastAppended, LongFunction<LogEntry> log) {
        wakeQueued.set(false); // before reading: a hint offered from now on wakes the runner again
        Hint h = pending.get();
        if (h == null || h.index() > lastAppended && h.index() > commitIndex) {
            return 0;
        }
        pending.compareAndSet(h, null);
        if (h.index() <= commitIndex) {
            return 0;
        }
        LogEntry here = log.apply(h.index());
        return here != null && here.term() == h.term() ? h.index() : 0;
    }
}
