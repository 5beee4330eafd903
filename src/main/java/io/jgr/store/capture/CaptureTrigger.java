package io.jgr.store.capture;

import io.jgr.sql.error.MySqlError;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The AFTER INSERT, UPDATE, DELETE FOR EACH ROW trigger on every table of a replicated schema.
 * It appends each row change to the {@link CaptureContext} bound to the executing thread. The
 * engine replaces the triggers of every table a DDL statement touched, because H2 re-initialises
 * them under a temporary table name during ALTER TABLE.
 */
public final class CaptureTrigger implements org.h2.api.Trigger {
    /** Prefix of the triggers' names; a schema holds one per table. */
    public static final String NAME_PREFIX = "jgr_capture_";

    private String schema;
    private String table;
    private volatile List<String> columns;
    private volatile int[] primaryKey;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.schema = schemaName;
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        CaptureContext ctx = CaptureContext.current();
        if (ctx == null || ctx.suppressed()) {
            return;
        }
        if (columns == null) {
            describe(conn);
        }
        if (primaryKey.length == 0) {
            // MySQL Group Replication refuses writes to tables without a primary key
            throw MySqlError.ER_BEFORE_DML_VALIDATION_ERROR.exception();
        }
        RowChange.Kind kind = oldRow == null ? RowChange.Kind.INSERT : newRow == null ? RowChange.Kind.DELETE : RowChange.Kind.UPDATE;
        ctx.add(new RowChange(schema, table, kind, columns, primaryKey, image(oldRow), image(newRow)), this);
    }

    /** A copy of H2's row with LOB handles read into String / byte[]: they are only valid inside this session. */
    private static Object[] image(Object[] row) throws SQLException {
        if (row == null) {
            return null;
        }
        Object[] copy = row.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] instanceof java.sql.Clob clob) {
                copy[i] = clob.getSubString(1, (int) clob.length());
            } else if (copy[i] instanceof java.sql.Blob blob) {
                copy[i] = blob.getBytes(1, (int) blob.length());
            }
        }
        return copy;
    }

    private synchronized void describe(Connection conn) throws SQLException {
        if (columns != null) {
            return;
        }
        DatabaseMetaData md = conn.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, schema, table, null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME"));
            }
        }
        List<Integer> pk = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
            List<String[]> keyCols = new ArrayList<>();
            while (rs.next()) {
                keyCols.add(new String[] {rs.getString("COLUMN_NAME"), rs.getString("KEY_SEQ")});
            }
            keyCols.sort((a, b) -> Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1])));
            for (String[] k : keyCols) {
                pk.add(names.indexOf(k[0]));
            }
        }
        primaryKey = pk.stream().mapToInt(Integer::intValue).toArray();
        columns = List.copyOf(names);
    }
}
