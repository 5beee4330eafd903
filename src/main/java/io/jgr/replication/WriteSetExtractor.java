package io.jgr.replication;

import io.jgr.store.capture.RowChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A transaction's write set, as MySQL builds it: for every row image (before and after), the hash
 * of its primary key, of each unique key without NULLs, and of each parent key a foreign key
 * points to (so a child insert conflicts with a concurrent delete of its parent). A parent key is
 * hashed with the parent's table and columns, exactly as the parent row's own key is.
 */
public final class WriteSetExtractor {
    private final TableKeysCache keys;

    public WriteSetExtractor(TableKeysCache keys) {
        this.keys = keys;
    }

    public long[] extract(Connection conn, List<RowChange> rows) throws SQLException {
        Set<Long> hashes = new LinkedHashSet<>();
        for (RowChange row : rows) {
            TableKeys t = keys.get(conn, row.schema(), row.table());
            for (Object[] image : new Object[][] {row.before(), row.after()}) {
                if (image != null) {
                    add(hashes, row, t, image);
                }
            }
        }
        return hashes.stream().mapToLong(Long::longValue).toArray();
    }

    static void add(Set<Long> hashes, RowChange row, TableKeys t, Object[] image) {
        List<String> pk = t.primaryKey().isEmpty() ? columnsAt(row) : t.primaryKey();
        addKey(hashes, row.schema(), row.table(), pk, row, image);
        for (List<String> unique : t.uniqueKeys()) {
            addKey(hashes, row.schema(), row.table(), unique, row, image);
        }
        for (TableKeys.ForeignKey fk : t.foreignKeys()) {
            Object[] values = values(row, fk.columns(), image);
            if (values != null) {
                hashes.add(KeyHash.of(fk.parentSchema(), fk.parentTable(), fk.parentColumns(), values));
            }
        }
    }

    private static void addKey(Set<Long> hashes, String schema, String table, List<String> cols, RowChange row, Object[] image) {
        Object[] values = values(row, cols, image);
        if (values != null) {
            hashes.add(KeyHash.of(schema, table, cols, values));
        }
    }

    /** The key's values in the image, or null if one is NULL (a NULL never conflicts in a unique key). */
    private static Object[] values(RowChange row, List<String> cols, Object[] image) {
        Object[] v = new Object[cols.size()];
        for (int i = 0; i < v.length; i++) {
            int at = indexOf(row.columns(), cols.get(i));
            if (at < 0 || image[at] == null) {
                return null;
            }
            v[i] = image[at];
        }
        return v;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> columnsAt(RowChange row) {
        List<String> cols = new ArrayList<>();
        for (int i : row.primaryKey()) {
            cols.add(row.columns().get(i).toLowerCase(java.util.Locale.ROOT));
        }
        return cols;
    }
}
