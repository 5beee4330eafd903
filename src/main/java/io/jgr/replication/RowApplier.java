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
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    RowApplier(Connection conn) {
        this.conn = conn;
    }

    void apply(List<RowChange> rows) throws SQLException {
        for (RowChange r : rows) {
            switch (r.kind()) {
                case INSERT -> merge(r);
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

    private void merge(RowChange r) throws SQLException {
        String key = "M" + r.schema() + "." + r.table() + r.columns() + java.util.Arrays.toString(r.primaryKey());
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
        String key = "D" + r.schema() + "." + r.table() + r.columns() + java.util.Arrays.toString(r.primaryKey());
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
