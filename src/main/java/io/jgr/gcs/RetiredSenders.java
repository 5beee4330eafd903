package io.jgr.gcs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses, at delivery, the messages of a member incarnation that the group has removed from its voting
 * set (expelled, left, or replaced by its restart). Every entry in the group's log begins with the Raft id
 * of the incarnation that broadcast it, and RAFT executes a removal at its place in the log, on the same
 * thread that delivers messages. So each member refuses exactly the messages ordered after the removal, at
 * the same position: no member depends on when it, or a leader, learned of the removal. This closes what
 * {@link MembersOnly} cannot: an expelled member merged back into the view (a learner) that has not yet
 * read its removal, and forwards to a leader that orders its message (docs/group-engine.md).
 *
 * <p>Raft ids are never reused (each start is a new incarnation), so the set only grows, by one per
 * removal; it travels in snapshots, as a member that installs one has not seen the removals before it.
 */
final class RetiredSenders {
    /** What the origin hears back for a refused message: one byte, never a log index (eight). */
    static final byte[] REFUSED = {0};

    private final Set<String> retired = ConcurrentHashMap.newKeySet();

    /** The prefix of every entry this incarnation broadcasts: its Raft id, length first. */
    static byte[] header(String raftId) {
        byte[] id = raftId.getBytes(StandardCharsets.US_ASCII);
        if (id.length > 255) {
            throw new IllegalArgumentException("raft id longer than 255 bytes: " + raftId);
        }
        byte[] header = new byte[1 + id.length];
        header[0] = (byte) id.length;
        System.arraycopy(id, 0, header, 1, id.length);
        return header;
    }

    /** The log entry for a payload: header, then payload. */
    static byte[] entry(byte[] header, byte[] payload) {
        byte[] entry = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, entry, header.length, payload.length);
        return entry;
    }

    /** RAFT's apply thread, at the removal's place in the log. */
    void retire(String raftId) {
        retired.add(raftId);
    }

    /**
     * The payload of a log entry, or null when its sender was removed earlier in the log (or the entry is not
     * one of ours): the entry is then delivered nowhere.
     */
    byte[] admit(byte[] data, int offset, int length) {
        if (length < 1) {
            return null;
        }
        int start = offset + 1 + (data[offset] & 0xff);
        if (start > offset + length) {
            return null;
        }
        if (!retired.isEmpty() && retired.contains(sender(data, offset, length))) {
            return null;
        }
        return Arrays.copyOfRange(data, start, offset + length);
    }

    /** The Raft id an entry names as its sender ("" if it names none). */
    static String sender(byte[] data, int offset, int length) {
        int idLength = length < 1 ? 0 : Math.min(data[offset] & 0xff, length - 1);
        return new String(data, offset + 1, idLength, StandardCharsets.US_ASCII);
    }

    /** Whether the log (or a snapshot) removed this incarnation from the voting set. */
    boolean contains(String raftId) {
        return retired.contains(raftId);
    }

    void write(DataOutput out) throws IOException {
        List<String> ids = List.copyOf(retired);
        out.writeInt(ids.size());
        for (String id : ids) {
            out.writeUTF(id);
        }
    }

    /** Replaces the set with a snapshot's. */
    void read(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt snapshot: " + n + " retired senders");
        }
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < n; i++) {
            ids.add(in.readUTF());
        }
        // not clear() then addAll(): Group.reconcile's expel check reads the set on the control thread, and an
        // id in both sets stays visible to it throughout
        retired.retainAll(ids);
        retired.addAll(ids);
    }
}
