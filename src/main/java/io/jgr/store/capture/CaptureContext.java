package io.jgr.store.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One session's capture buffer. The session binds it to its thread around every H2 call; the
 * row trigger, which H2 runs on that thread, appends to it. Marks make it follow H2's undo: a
 * failed statement and ROLLBACK TO SAVEPOINT truncate, ROLLBACK clears.
 */
public final class CaptureContext {
    private static final ThreadLocal<CaptureContext> CURRENT = new ThreadLocal<>();

    private final List<RowChange> rows = new ArrayList<>();
    private final Map<String, Integer> savepoints = new LinkedHashMap<>();
    private int statementMark;
    private long statementChanges;
    private boolean suppress;
    private Object lastSource;

    public static CaptureContext current() {
        return CURRENT.get();
    }

    /** Routes the current thread's trigger calls here until {@link #unbind()}. */
    public void bind() {
        CURRENT.set(this);
    }

    public static void unbind() {
        CURRENT.remove();
    }

    /** An applier connection writes rows that are already replicated: capture nothing. */
    public void suppress(boolean on) {
        suppress = on;
    }

    public boolean suppressed() {
        return suppress;
    }

    synchronized void add(RowChange change, Object source) {
        if (change.kind() == RowChange.Kind.UPDATE && Arrays.deepEquals(change.before(), change.after())) {
            return; // ON DUPLICATE KEY UPDATE and UPDATE ... SET x=x with no change: MySQL logs nothing
        }
        if (lastSource != null && lastSource != source && !rows.isEmpty() && same(rows.get(rows.size() - 1), change)) {
            return; // the same row from the old and the new trigger while DDL replaces them
        }
        lastSource = source;
        rows.add(change);
        statementChanges++;
    }

    private static boolean same(RowChange a, RowChange b) {
        return a.kind() == b.kind() && a.table().equals(b.table()) && a.schema().equals(b.schema())
                && Arrays.deepEquals(a.before(), b.before()) && Arrays.deepEquals(a.after(), b.after());
    }

    public void startStatement() {
        statementMark = rows.size();
        statementChanges = 0;
    }

    /** Rows really changed by the current statement (no-op updates excluded). */
    public long statementChanges() {
        return statementChanges;
    }

    /** The statement failed and H2 undid it: forget its rows. */
    public synchronized void failStatement() {
        truncate(statementMark);
        statementChanges = 0;
    }

    public void savepoint(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        savepoints.remove(key); // a re-used name moves to the end, as in MySQL
        savepoints.put(key, rows.size());
    }

    public boolean hasSavepoint(String name) {
        return savepoints.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** ROLLBACK TO: drop the rows after the savepoint and the savepoints set after it. */
    public synchronized void rollbackTo(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Integer mark = savepoints.get(key);
        if (mark == null) {
            return;
        }
        truncate(mark);
        boolean after = false;
        for (var it = savepoints.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (after) {
                it.remove();
            }
            if (e.getKey().equals(key)) {
                after = true;
            }
        }
    }

    public void release(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        boolean from = false;
        for (var it = savepoints.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals(key)) {
                from = true;
            }
            if (from) {
                it.remove();
            }
        }
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The rows of the transaction so far (a copy); safe from another thread (the replication applier looks). */
    public synchronized List<RowChange> rows() {
        return List.copyOf(rows);
    }

    /** Commit or rollback: empty the buffer and the savepoints. */
    public synchronized void clear() {
        rows.clear();
        savepoints.clear();
        statementMark = 0;
    }

    private void truncate(int mark) {
        if (mark < rows.size()) {
            rows.subList(mark, rows.size()).clear();
        }
        if (statementMark > mark) {
            statementMark = mark;
        }
    }
}
