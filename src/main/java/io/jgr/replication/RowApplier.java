package io.jgr.replication;

import io.jgr.store.capture.RowChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies row images by primary key, idempotently, on the applier's connection: an insert or an
 * update becomes "make the row equal to the after image" (H2's MERGE … KEY), a delete "delete if
 * present". Cascades need this: the origin captured the child rows its cascade changed, and this
 * member's H2 cascades the parent change again before the child images arrive.
 */
final class RowApplier {
    private final Connection conn;
    private final Map<Shape, PreparedStatement> statements = new HashMap<>();
    private final boolean insertFirst;

    /** Which statement serves a row: its kind (M merge, D delete, I insert), table, columns and key. */
    private record Shape(char kind, String schema, String table, List<String> columns, List<Integer> primaryKey) {
        static Shape of(char kind, RowChange r) {
            return new Shape(kind, r.schema(), r.table(), r.columns(), java.util.Arrays.stream(r.primaryKey()).boxed().toList());
        }
    }

    RowApplier(Connection conn) {
        this(conn, false);
    }

    /**
     * @param insertFirst an insert image is written with a plain INSERT, and only a row already present
     *                    (duplicate key) falls back to MERGE: the same result, without MERGE's lookup for
     *                    rows that are new (distributed recovery, where nearly all are)
     */
    RowApplier(Connection conn, boolean insertFirst) {
        this.conn = conn;
        this.insertFirst = insertFirst;
    }

    /**
     * Applies the row changes of several transactions (in group order) as their net effect: for each
     * row key only its last operation (make it equal to the last after image, or delete it), in the
     * order of those last operations. The final state is the one applying every change in order gives:
     * each H2 row ends with the last operation anyone did on it, and case variants of a key (different
     * keys here, one row in H2) keep their relative order. Intermediate states differ, so a unique or
     * foreign key can fail on the way (e.g. two rows swapping a unique value) where the ordered
     * application would not: the caller then rolls back and applies the changes in order. Rows of a
     * table without primary key, or with a binary key, are not merged (their own slot each).
     */
    void applyNetEffect(List<RowChange> rows) throws SQLException {
        java.util.LinkedHashMap<Object, RowChange> last = new java.util.LinkedHashMap<>();
        for (RowChange r : rows) {
            switch (r.kind()) {
                case INSERT -> put(last, r.after(), new RowChange(r.schema(), r.table(), RowChange.Kind.INSERT,
                        r.columns(), r.primaryKey(), null, r.after()), r);
                case DELETE -> put(last, r.before(), r, r);
                case UPDATE -> {
                    if (!samePrimaryKey(r)) {
                        put(last, r.before(), new RowChange(r.schema(), r.table(), RowChange.Kind.DELETE,
                                r.columns(), r.primaryKey(), r.before(), null), r);
                    }
                    put(last, r.after(), new RowChange(r.schema(), r.table(), RowChange.Kind.INSERT,
                            r.columns(), r.primaryKey(), null, r.after()), r);
                }
            }
        }
        for (RowChange op : last.values()) {
            if (op.kind() == RowChange.Kind.DELETE) {
                delete(op, op.before());
            } else {
                merge(op);
            }
        }
    }

    /** Records {@code op} as the last operation on the row {@code image} names, at the end of the order. */
    private static void put(java.util.LinkedHashMap<Object, RowChange> last, Object[] image, RowChange op, RowChange r) {
        Object key = rowKey(r, image);
        last.remove(key);
        last.put(key, op);
    }

    /** schema, table and primary-key values; a unique object where values cannot be compared safely. */
    static Object rowKey(RowChange r, Object[] image) {
        if (r.primaryKey().length == 0) {
            return new Object();
        }
        Object[] key = new Object[r.primaryKey().length + 2];
        key[0] = r.schema();
        key[1] = r.table();
        for (int i = 0; i < r.primaryKey().length; i++) {
            Object v = image[r.primaryKey()[i]];
            if (v instanceof byte[]) {
                return new Object();
            }
            key[i + 2] = v;
        }
        return java.util.Arrays.asList(key);
    }

    void apply(List<RowChange> rows) throws SQLException {
        for (RowChange r : rows) {
            switch (r.kind()) {
                case INSERT -> {
                    if (!insertFirst || !insert(r)) {
                        merge(r);
                    }
                }
                case DELETE -> delete(r, r.before());
                case UPDATE -> {
                    if (!samePrimaryKey(r)) {
                        delete(r, r.before());
                    }
                    merge(r);
                }
            }
        }
    }

    /** True if inserted; false if a row with that key exists (H2 undoes the failed statement only). */
    private boolean insert(RowChange r) throws SQLException {
        Shape key = Shape.of('I', r);
        PreparedStatement ps = statements.get(key);
        if (ps == null) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(name(r)).append(" (");
            appendColumns(sql, r);
            sql.append(") VALUES (").append(placeholders(r)).append(')');
            ps = conn.prepareStatement(sql.toString());
            statements.put(key, ps);
        }
        Object[] after = r.after();
        for (int i = 0; i < after.length; i++) {
            ps.setObject(i + 1, after[i]);
        }
        try {
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // duplicate key
                return false;
            }
            throw e;
        }
    }

    private void merge(RowChange r) throws SQLException {
        Shape key = Shape.of('M', r);
        PreparedStatement ps = statements.get(key);
        if (ps == null) {
            StringBuilder sql = new StringBuilder("MERGE INTO ").append(name(r)).append(" (");
            appendColumns(sql, r);
            sql.append(") KEY (");
            for (int i = 0; i < r.primaryKey().length; i++) {
                sql.append(i == 0 ? "" : ", ").append(ident(r.columns().get(r.primaryKey()[i])));
            }
            sql.append(") VALUES (").append(placeholders(r)).append(')');
            ps = conn.prepareStatement(sql.toString());
            statements.put(key, ps);
        }
        Object[] after = r.after();
        for (int i = 0; i < after.length; i++) {
            ps.setObject(i + 1, after[i]);
        }
        ps.executeUpdate();
    }

    private void delete(RowChange r, Object[] image) throws SQLException {
        Shape key = Shape.of('D', r);
        PreparedStatement ps = statements.get(key);
        if (ps == null) {
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(name(r)).append(" WHERE ");
            for (int i = 0; i < r.primaryKey().length; i++) {
                sql.append(i == 0 ? "" : " AND ").append(ident(r.columns().get(r.primaryKey()[i]))).append(" = ?");
            }
            ps = conn.prepareStatement(sql.toString());
            statements.put(key, ps);
        }
        for (int i = 0; i < r.primaryKey().length; i++) {
            ps.setObject(i + 1, image[r.primaryKey()[i]]);
        }
        ps.executeUpdate();
    }

    private static boolean samePrimaryKey(RowChange r) {
        for (int k : r.primaryKey()) {
            if (!java.util.Objects.deepEquals(r.before()[k], r.after()[k])) {
                return false;
            }
        }
        return true;
    }

    /** Prepared statements name tables that DDL may drop or rebuild: start afresh after DDL. */
    void forgetStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing a statement on a dropped table
            }
        }
        statements.clear();
    }

    /** The row's column names, quoted, comma-separated (INSERT and MERGE list them alike). */
    private static void appendColumns(StringBuilder sql, RowChange r) {
        for (int i = 0; i < r.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(ident(r.columns().get(i)));
        }
    }

    private static String placeholders(RowChange r) {
        return String.join(", ", java.util.Collections.nCopies(r.columns().size(), "?"));
    }

    private static String name(RowChange r) {
        return ident(r.schema()) + "." + ident(r.table());
    }

    private static String ident(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
