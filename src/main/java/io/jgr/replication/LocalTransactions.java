package io.jgr.replication;

import io.jgr.store.H2Engine;
import io.jgr.store.H2Session;
import io.jgr.store.capture.RowChange;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The applier's view of open local transactions: their keys come from their capture buffers
 * (each row's table and primary key). When a remote transaction cannot get a row lock, the local
 * transactions holding one of its rows are rolled back — remote transactions were certified by the
 * group and must win — except those already in COMMIT, which the group orders itself.
 */
final class LocalTransactions {
    private final H2Engine engine;

    LocalTransactions(H2Engine engine) {
        this.engine = engine;
    }

    /** Rolls back the open local transactions that wrote a row {@code rows} touches (all of them for DDL). */
    int abortConflicting(List<RowChange> rows, boolean ddl) {
        Set<String> wanted = new HashSet<>();
        for (RowChange r : rows) {
            add(wanted, r);
        }
        int aborted = 0;
        for (H2Session s : engine.openSessions()) {
            if (s.abortForReplication(local -> ddl ? !local.isEmpty() : touches(local, wanted))) {
                aborted++;
            }
        }
        return aborted;
    }

    private static boolean touches(List<RowChange> local, Set<String> wanted) {
        for (RowChange r : local) {
            for (Object[] image : new Object[][] {r.before(), r.after()}) {
                if (image != null && wanted.contains(rowKey(r, image))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void add(Set<String> keys, RowChange r) {
        if (r.before() != null) {
            keys.add(rowKey(r, r.before()));
        }
        if (r.after() != null) {
            keys.add(rowKey(r, r.after()));
        }
    }

    /** Table and normalised primary key, so case-insensitively equal keys match. */
    static String rowKey(RowChange r, Object[] image) {
        StringBuilder b = new StringBuilder(r.schema().toLowerCase(java.util.Locale.ROOT)).append('.')
                .append(r.table().toLowerCase(java.util.Locale.ROOT));
        for (int k : r.primaryKey()) {
            b.append('\u0000').append(KeyHash.normalise(image[k]));
        }
        return b.toString();
    }
}
