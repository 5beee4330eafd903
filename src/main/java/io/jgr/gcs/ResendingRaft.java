package io.jgr.gcs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.AppendEntriesRequest;
import org.jgroups.protocols.raft.AppendEntriesResponse;
import org.jgroups.protocols.raft.AppendResult;
import org.jgroups.protocols.raft.LogEntry;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.RaftHeader;
import org.jgroups.raft.util.CommitTable;

/**
 * RAFT that keeps a follower which is behind catching up while the group is busy.
 *
 * <p>jgroups-raft 1.1.4 resends missing entries only when its request queue has been idle for {@code
 * resend_interval}. Under a steady write load the queue never idles: a member that joined, restarted or
 * missed entries fails every new append (its log has a gap), and it stays behind until the writes stop.
 * Here the leader, after each batch it processes, also resends to a follower whose match index has not
 * moved for {@code resend_interval}, in chunks of at most {@link #CHUNK} entries, and sends the next chunk
 * as soon as the previous one is acknowledged. A follower that makes progress on its own is left alone.
 *
 * <p>It also reports each removal from the voting set where the log executes it, for {@link RetiredSenders}.
 *
 * <p>And it answers a leader of an earlier term. jgroups-raft 1.1.4 drops such an append silently, so a leader
 * whose followers moved to a later term without it (a vote it did not see: a member frozen past its expel formed a
 * view with another voter and called one) never learns that its term is over: it stays leader, its appends are
 * dropped, and nothing commits for good. Raft's rule is to reject a stale request with the receiver's term; the
 * stale leader then adopts that term and steps down, and the view's first voter calls a vote ({@link
 * ElectionNudge}).
 *
 * <p>And a follower commits up to its own message as soon as the leader's answer says it is committed ({@link
 * CommitHints}); the leader's answer carries the entry's log index and term ({@link #applyingIndex}).
 */
final class ResendingRaft extends RAFT {
    /** Entries per resend: bounds one message (and the follower's work per message) during catch-up. */
    static final int CHUNK = 512;

    private final Map<Address, Progress> progress = new HashMap<>();
    private final Consumer<String> removed;
    private volatile long chunksResent;
    private volatile long staleAnswers;
    private volatile long lastStaleTermAnswered = -1; // receiver threads: only the warning's once-per-term
    private final CommitHints hints = new CommitHints();
    private long applying; // the runner thread's: the log index of the entry the state machine applies

    /** @param removed told of each voter removal as it is executed: at its place in the log, on the apply thread */
    ResendingRaft(Consumer<String> removed) {
        this.removed = removed;
        setId(ClassConfigurator.getProtocolId(RAFT.class)); // same headers on the wire as RAFT
    }

    @Override
    public void handleUpRequest(Message msg, RaftHeader hdr) {
        if (hdr instanceof AppendEntriesRequest && hdr.currTerm() < currentTerm() && msg.src() != null
                && !msg.src().equals(addr())) { // its own append, queued before it stepped down: nothing to tell
            answerStaleLeader(msg.src(), hdr.currTerm());
            return; // dropped, as RAFT drops it; only the answer is new
        }
        super.handleUpRequest(msg, hdr);
    }

    private void answerStaleLeader(Address leader, long staleTerm) {
        long term = currentTerm();
        AppendResult refused = new AppendResult(AppendResult.Result.FAIL_CONFLICTING_PREV_TERM, lastAppended());
        down_prot.down(new EmptyMessage(leader).putHeader(id, new AppendEntriesResponse(term, refused)));
        staleAnswers++;
        if (staleTerm != lastStaleTermAnswered) { // once per stale term: its leader sends until the answer arrives
            lastStaleTermAnswered = staleTerm;
            ErrorLog.gcs(LogLevel.WARNING, "The group's leader " + leader + " still appends in term " + staleTerm
                    + ", which ended here (term " + term + "): answered with this term so that it steps down and a vote "
                    + "is called.");
        }
    }

    /** Answers this member sent to a leader of an earlier term (for tests and diagnostics). */
    long staleAnswers() {
        return staleAnswers;
    }

    @Override
    protected void _removeServer(String name) {
        super._removeServer(name);
        removed.accept(name);
    }

    /** What the leader last saw of a follower, and what it resent. */
    private static final class Progress {
        long match = -1;
        long since;
        /** Last index of a chunk that did not reach the end of the log, or 0. */
        long resentTo;
    }

    @Override
    protected void applyCommit(long index, boolean serializeResponse) throws Exception {
        applying = index;
        super.applyCommit(index, serializeResponse);
    }

    /** The runner thread, inside the state machine's apply: the log index of the entry applied. */
    long applyingIndex() {
        return applying;
    }

    /** The runner thread: the term of the entry at {@code index}, or -1 if this log does not hold it. */
    long termAt(long index) {
        LogEntry e = log_impl.get(index);
        return e == null ? -1 : e.term();
    }

    /** Any thread: the leader answered this member's own message, whose entry (index, term) is committed. */
    void committed(long index, long term) {
        if (!isLeader() && hints.offer(index, term)) { // the leader's own answers: it committed them already
            offer(new Wake()); // non-blocking: if the queue is full, the next request processed looks at the hint
        }
    }

    /** Wakes the runner for a hint; RAFT's own processing ignores requests of a type it does not know. */
    private static final class Wake extends Request {
    }

    @Override
    protected void process(List<Request> q) {
        super.process(q);
        if (!isLeader()) {
            long to = hints.take(commit_index, last_appended, log_impl::get);
            if (to > 0) {
                commitLogTo(to, false); // as a follower commits at an append: no answers to serialise here
            }
        }
        CommitTable table = commit_table;
        if (table == null || !isLeader()) {
            progress.clear();
            return;
        }
        long now = System.nanoTime();
        long stallNanos = resend_interval * 1_000_000L;
        if (!progress.isEmpty()) {
            progress.keySet().retainAll(table.keys());
        }
        for (Address member : table.keys()) { // a plain loop: this runs after every batch the leader processes
            CommitTable.Entry e = table.get(member);
            if (e == null) {
                continue;
            }
            if (e.matchIndex() >= last_appended) {
                progress.remove(member);
                continue;
            }
            Progress p = progress.computeIfAbsent(member, m -> new Progress());
            boolean chunkDone = p.resentTo > 0 && e.matchIndex() >= p.resentTo;
            if (e.matchIndex() != p.match) {
                p.match = e.matchIndex();
                p.since = now;
                if (!chunkDone) {
                    continue; // it is moving on its own
                }
            } else if (now - p.since < stallNanos) {
                continue;
            }
            p.since = now;
            long to = resendChunk(member, e);
            // the next chunk follows this one only while the follower is still more than a chunk behind;
            // from the end of the log on, RAFT's own appends carry it (and a new stall starts over)
            p.resentTo = to < last_appended ? to : 0;
        }
    }

    /** Resends from the follower's next index (one entry while probing); returns the last index sent. */
    private long resendChunk(Address member, CommitTable.Entry e) {
        if (e.nextIndex() < log().firstAppended() || e.nextIndex() > last_appended) {
            sendAppendEntriesMessage(member, e); // snapshot, or only the commit index: RAFT's own way
            return 0;
        }
        long from = Math.max(1, e.nextIndex());
        long to = e.sendSingleMessage() ? from : Math.min(last_appended, from + CHUNK - 1);
        resend(member, from, to);
        chunksResent++; // only the runner thread writes it
        return to;
    }

    /** Resends this leader made beyond RAFT's own (for tests and diagnostics). */
    long chunksResent() {
        return chunksResent;
    }
}
