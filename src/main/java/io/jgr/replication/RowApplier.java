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
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < r.columns().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(ident(r.columns().get(i)));
                values.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") VALUES (").append(values).append(')');
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
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < r.columns().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(ident(r.columns().get(i)));
                values.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") KEY (");
            for (int i = 0; i < r.primaryKey().length; i++) {
                sql.append(i == 0 ? "" : ", ").append(ident(r.columns().get(r.primaryKey()[i])));
            }
            sql.append(") VALUES (").append(values).append(')');
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

    private static String name(RowChange r) {
        return ident(r.schema()) + "." + ident(r.table());
    }

    private static String ident(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
