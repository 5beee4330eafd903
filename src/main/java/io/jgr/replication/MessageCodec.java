package io.jgr.replication;

import io.jgr.store.capture.RowChange;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jgroups.util.ByteArrayDataOutputStream;

/** The compact binary form of {@link GroupMessage}s (a tag byte, then the fields). */
public final class MessageCodec {
    private static final int TRANSACTION = 1;
    private static final int MEMBER_INFO = 2;
    private static final int ELECT = 3;
    private static final int STATS = 4;
    private static final int FORGET = 5;
    private static final int ACCOUNTS = 6;
    private static final int MODE_SWITCH = 7;
    private static final int SYNC_POINT = 8;
    /** A Transaction with {@code after}: the same fields as TRANSACTION. */
    private static final int TRANSACTION_AFTER = 9;
    private static final int APPLIED = 10;

    private MessageCodec() {
    }

    public static byte[] encode(GroupMessage m) {
        // JGroups' buffer, not a DataOutputStream over a ByteArrayOutputStream, whose every byte written is a
        // synchronized call: encoding a commit's row images was 6 % of a primary's session time (session 19)
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(sizeHint(m), true);
        try {
            if (m instanceof GroupMessage.Transaction t) {
                    out.writeByte(t.after() ? TRANSACTION_AFTER : TRANSACTION);
                    uuid(out, t.origin());
                    out.writeLong(t.localId());
                    out.writeLong(t.snapshot());
                    out.writeInt(t.writeSet().length);
                    for (long h : t.writeSet()) {
                        out.writeLong(h);
                    }
                    text(out, t.ddl());
                    text(out, t.ddlSchema());
                    out.writeInt(t.rows().size());
                    for (RowChange r : t.rows()) {
                        row(out, r);
                    }
            } else if (m instanceof GroupMessage.MemberInfo i) {
                    out.writeByte(MEMBER_INFO);
                    uuid(out, i.member());
                    out.writeInt(i.weight());
                    out.writeUTF(i.sqlHost());
                    out.writeInt(i.sqlPort());
                    out.writeLong(i.pipeline());
                    out.writeLong(i.executed());
                    out.writeInt(i.flags());
            } else if (m instanceof GroupMessage.Elect e) {
                    out.writeByte(ELECT);
                    uuid(out, e.candidate());
                    uuid(out, e.replacing());
            } else if (m instanceof GroupMessage.Stats s) {
                    out.writeByte(STATS);
                    uuid(out, s.member());
                    out.writeLong(s.applied());
                    out.writeLong(s.applierQueue());
                    out.writeLong(s.certifierQueue());
                    GroupMessage.Counters c = s.counters(); // after the progress: earlier members read that and stop
                    for (long v : new long[] {c.checked(), c.conflicts(), c.rowsValidating(), c.remoteApplied(),
                        c.localProposed(), c.localRollback(), c.lastConflictFree()}) {
                        out.writeLong(v);
                    }
            } else if (m instanceof GroupMessage.Accounts a) {
                out.writeByte(ACCOUNTS);
                uuid(out, a.origin());
                out.writeLong(a.localId());
                out.writeInt(a.changes().size());
                for (GroupMessage.AccountChange c : a.changes()) {
                    AccountCodec.write(out, c);
                }
            } else if (m instanceof GroupMessage.Forget f) {
                    out.writeByte(FORGET);
                    uuid(out, f.member());
            } else if (m instanceof GroupMessage.ModeSwitch s) {
                    out.writeByte(MODE_SWITCH);
                    out.writeBoolean(s.multiPrimary());
                    uuid(out, s.primary());
            } else if (m instanceof GroupMessage.SyncPoint s) {
                    out.writeByte(SYNC_POINT);
                    uuid(out, s.origin());
            } else if (m instanceof GroupMessage.Applied a) {
                    out.writeByte(APPLIED);
                    uuid(out, a.member());
                    out.writeLong(a.gtid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(out.buffer(), out.position());
    }

    /** Room for a message without growing the buffer more than once or twice. */
    private static int sizeHint(GroupMessage m) {
        return m instanceof GroupMessage.Transaction t ? 128 + 8 * t.writeSet().length + 512 * t.rows().size() : 256;
    }

    public static GroupMessage decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int tag = in.readByte();
            return switch (tag) {
                case TRANSACTION, TRANSACTION_AFTER -> {
                    UUID origin = readUuid(in);
                    long localId = in.readLong();
                    long snapshot = in.readLong();
                    long[] ws = new long[in.readInt()];
                    for (int i = 0; i < ws.length; i++) {
                        ws[i] = in.readLong();
                    }
                    String ddl = readText(in);
                    String ddlSchema = readText(in);
                    int n = in.readInt();
                    if (n < 0) {
                        throw new IOException("negative row count " + n);
                    }
                    // the rows are the payload's last section: decoded when first read (EncodedRows says why)
                    List<RowChange> rows = n == 0 ? List.of()
                            : new EncodedRows(payload, payload.length - in.available(), n, MessageCodec::readRow);
                    yield new GroupMessage.Transaction(origin, localId, snapshot, ws, rows, ddl, ddlSchema, tag == TRANSACTION_AFTER);
                }
                case MEMBER_INFO -> new GroupMessage.MemberInfo(readUuid(in), in.readInt(), in.readUTF(), in.readInt(), in.readLong(),
                        in.readLong(), in.available() == 0 ? ConfigurationFlags.UNKNOWN : in.readInt()); // flags: none before session 30
                case ELECT -> new GroupMessage.Elect(readUuid(in), readUuid(in));
                case STATS -> new GroupMessage.Stats(readUuid(in), in.readLong(), in.readLong(), in.readLong(),
                        in.available() == 0 ? GroupMessage.Counters.NONE // from a member before session 28
                                : new GroupMessage.Counters(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                                        in.readLong(), in.readLong(), in.readLong()));
                case FORGET -> new GroupMessage.Forget(readUuid(in));
                case MODE_SWITCH -> new GroupMessage.ModeSwitch(in.readBoolean(), readUuid(in));
                case SYNC_POINT -> new GroupMessage.SyncPoint(readUuid(in));
                case APPLIED -> new GroupMessage.Applied(readUuid(in), in.readLong());
                case ACCOUNTS -> {
                    UUID origin = readUuid(in);
                    long localId = in.readLong();
                    int n = in.readInt();
                    List<GroupMessage.AccountChange> changes = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        changes.add(AccountCodec.read(in));
                    }
                    yield new GroupMessage.Accounts(origin, localId, changes);
                }
                default -> throw new IOException("unknown replication message tag " + tag);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(DataOutput out, RowChange r) throws IOException {
        out.writeUTF(r.schema());
        out.writeUTF(r.table());
        out.writeByte(r.kind().ordinal());
        out.writeShort(r.columns().size());
        for (String c : r.columns()) {
            out.writeUTF(c);
        }
        out.writeShort(r.primaryKey().length);
        for (int k : r.primaryKey()) {
            out.writeShort(k);
        }
        ValueCodec.writeImage(out, r.before());
        ValueCodec.writeImage(out, r.after());
    }

    private static RowChange readRow(DataInputStream in) throws IOException {
        String schema = in.readUTF();
        String table = in.readUTF();
        RowChange.Kind kind = RowChange.Kind.values()[in.readByte()];
        int nc = in.readShort();
        List<String> cols = new ArrayList<>(nc);
        for (int i = 0; i < nc; i++) {
            cols.add(in.readUTF());
        }
        int[] pk = new int[in.readShort()];
        for (int i = 0; i < pk.length; i++) {
            pk[i] = in.readShort();
        }
        return new RowChange(schema, table, kind, List.copyOf(cols), pk, ValueCodec.readImage(in), ValueCodec.readImage(in));
    }

    private static void uuid(DataOutput out, UUID u) throws IOException {
        out.writeBoolean(u != null);
        if (u != null) {
            out.writeLong(u.getMostSignificantBits());
            out.writeLong(u.getLeastSignificantBits());
        }
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }

    private static void text(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            ValueCodec.writeString(out, s);
        }
    }

    private static String readText(DataInputStream in) throws IOException {
        return in.readBoolean() ? ValueCodec.readString(in) : null;
    }
}
