package io.jgr.replication;

import io.jgr.store.capture.RowChange;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A delivered transaction's row images, decoded from its payload when first read.
 *
 * <p>Every member decodes every transaction at delivery, on the group engine's single Raft thread,
 * which also answers the leader's appends and counts the acknowledgements of the next commits. Only
 * the certification fields are needed there. The rows are read later by the applier of a member that
 * applies them, on the applier's thread; the origin, whose session already holds them, never reads
 * them unless its own commit failed. So decoding them lazily takes that work off the group's critical
 * path everywhere and off the origin entirely.
 *
 * <p>{@link #size()} is known without decoding. A payload whose rows cannot be decoded throws
 * {@link UncheckedIOException} at the first read, on the reader's thread.
 */
final class EncodedRows extends AbstractList<RowChange> implements RandomAccess {
    /** Reads one row at the stream's position. */
    interface RowReader {
        RowChange read(DataInputStream in) throws IOException;
    }

    private final byte[] payload;
    private final int offset;
    private final int count;
    private final RowReader reader;
    private volatile List<RowChange> decoded;

    EncodedRows(byte[] payload, int offset, int count, RowReader reader) {
        this.payload = payload;
        this.offset = offset;
        this.count = count;
        this.reader = reader;
    }

    @Override
    public RowChange get(int index) {
        return rows().get(index);
    }

    @Override
    public int size() {
        return count;
    }

    private List<RowChange> rows() {
        List<RowChange> rows = decoded;
        if (rows == null) {
            synchronized (this) {
                rows = decoded;
                if (rows == null) {
                    rows = decode();
                    decoded = rows;
                }
            }
        }
        return rows;
    }

    private List<RowChange> decode() {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload, offset, payload.length - offset))) {
            List<RowChange> rows = new ArrayList<>(Math.min(count, payload.length - offset)); // a spoilt count fails at EOF, not here
            for (int i = 0; i < count; i++) {
                rows.add(reader.read(in));
            }
            return rows; // read only through this list, which has no mutators
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
