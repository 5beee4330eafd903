package io.jgr.store.catalog;

import io.jgr.sql.engine.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our own record of the MySQL column types tables were declared with, persisted in the
 * internal schema (H2 keeps only its own types), plus a cache of {@link TableInfo} that DDL
 * invalidates.
 */
public final class TypeCatalog {
    public static final String INTERNAL_SCHEMA = "jgr_internal";
    /** Prefix of the CHECK constraints that keep MySQL's integer ranges; hidden from SHOW CREATE TABLE. */
    public static final String RANGE_CHECK_PREFIX = "jgr_r_";

    private final Connection admin;
    /** schema\0table → column (lower case) → declared type */
    private final Map<String, Map<String, MySqlType>> declared = new ConcurrentHashMap<>();
    private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();

    public TypeCatalog(Connection admin) throws SQLException {
        this.admin = admin;
        synchronized (admin) {
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + INTERNAL_SCHEMA + ".column_types (schema_name VARCHAR(64) NOT NULL, "
                        + "table_name VARCHAR(64) NOT NULL, column_name VARCHAR(64) NOT NULL, declared VARCHAR(4096) NOT NULL, "
                        + "PRIMARY KEY (schema_name, table_name, column_name))");
                try (ResultSet rs = s.executeQuery("SELECT schema_name, table_name, column_name, declared FROM " + INTERNAL_SCHEMA + ".column_types")) {
                    while (rs.next()) {
                        declared.computeIfAbsent(TableInfo.key(rs.getString(1), rs.getString(2)), k -> new ConcurrentHashMap<>())
                                .put(rs.getString(3).toLowerCase(Locale.ROOT), MySqlType.parse(rs.getString(4)));
                    }
                }
            }
        }
    }

    /** The declared type of a column, or null if none was recorded. */
    public MySqlType declared(String schema, String table, String column) {
        Map<String, MySqlType> cols = declared.get(TableInfo.key(schema, table));
        return cols == null ? null : cols.get(column.toLowerCase(Locale.ROOT));
    }

    /** Records declared types after a CREATE TABLE or ALTER TABLE, and forgets columns H2 no longer has. */
    public void record(Connection conn, String schema, String table, Map<String, MySqlType> columns) throws SQLException {
        String key = TableInfo.key(schema, table);
        tables.remove(key);
        Map<String, MySqlType> cols = declared.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        for (var e : columns.entrySet()) {
            cols.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        List<String> existing = h2Columns(conn, schema, table);
        cols.keySet().removeIf(c -> existing.stream().noneMatch(x -> x.equalsIgnoreCase(c)));
        persist(schema, table, cols);
    }

    /** A column was renamed by ALTER TABLE ... CHANGE old new. */
    public void renameColumn(String schema, String table, String from, String to) {
        Map<String, MySqlType> cols = declared.get(TableInfo.key(schema, table));
        if (cols != null) {
            MySqlType t = cols.remove(from.toLowerCase(Locale.ROOT));
            if (t != null) {
                cols.put(to.toLowerCase(Locale.ROOT), t);
            }
        }
    }

    public void renameTable(String schema, String table, String toSchema, String toTable) throws SQLException {
        Map<String, MySqlType> cols = declared.remove(TableInfo.key(schema, table));
        tables.remove(TableInfo.key(schema, table));
        persist(schema, table, Map.of());
        if (cols != null) {
            declared.put(TableInfo.key(toSchema, toTable), cols);
            persist(toSchema, toTable, cols);
        }
    }

    public void dropTable(String schema, String table) throws SQLException {
        declared.remove(TableInfo.key(schema, table));
        tables.remove(TableInfo.key(schema, table));
        persist(schema, table, Map.of());
    }

    public void dropSchema(String schema) throws SQLException {
        String prefix = schema.toLowerCase(Locale.ROOT) + '\0';
        declared.keySet().removeIf(k -> k.startsWith(prefix));
        tables.keySet().removeIf(k -> k.startsWith(prefix));
        synchronized (admin) {
            try (PreparedStatement ps = admin.prepareStatement("DELETE FROM " + INTERNAL_SCHEMA + ".column_types WHERE LOWER(schema_name) = ?")) {
                ps.setString(1, schema.toLowerCase(Locale.ROOT));
                ps.executeUpdate();
            }
        }
    }

    /** Forget cached table descriptions of a schema (after any DDL there). */
    public void invalidate(String schema) {
        String prefix = schema.toLowerCase(Locale.ROOT) + '\0';
        tables.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private void persist(String schema, String table, Map<String, MySqlType> cols) throws SQLException {
        synchronized (admin) {
            try (PreparedStatement del = admin.prepareStatement("DELETE FROM " + INTERNAL_SCHEMA
                    + ".column_types WHERE LOWER(schema_name) = ? AND LOWER(table_name) = ?")) {
                del.setString(1, schema.toLowerCase(Locale.ROOT));
                del.setString(2, table.toLowerCase(Locale.ROOT));
                del.executeUpdate();
            }
            try (PreparedStatement ins = admin.prepareStatement("INSERT INTO " + INTERNAL_SCHEMA
                    + ".column_types (schema_name, table_name, column_name, declared) VALUES (?, ?, ?, ?)")) {
                for (var e : cols.entrySet()) {
                    ins.setString(1, schema.toLowerCase(Locale.ROOT));
                    ins.setString(2, table.toLowerCase(Locale.ROOT));
                    ins.setString(3, e.getKey());
                    ins.setString(4, e.getValue().declared());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
        }
    }

    private static List<String> h2Columns(Connection conn, String schema, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** The table's MySQL description, or null if H2 has no such table. */
    public TableInfo table(Connection conn, String schema, String table) throws SQLException {
        String key = TableInfo.key(schema, table);
        TableInfo info = tables.get(key);
        if (info == null) {
            info = load(conn, schema, table);
            if (info != null) {
                tables.put(key, info);
            }
        }
        return info;
    }

    private TableInfo load(Connection conn, String schema, String table) throws SQLException {
        String realSchema = null;
        String realTable = null;
        try (PreparedStatement ps = conn.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE LOWER(TABLE_SCHEMA) = ? AND LOWER(TABLE_NAME) = ?")) {
            ps.setString(1, schema.toLowerCase(Locale.ROOT));
            ps.setString(2, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                realSchema = rs.getString(1);
                realTable = rs.getString(2);
            }
        }
        // indexes first: column key flags derive from them
        Map<String, String> constraintOfIndex = new HashMap<>();
        Map<String, String> typeOfConstraint = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE, INDEX_NAME FROM "
                + "INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, realSchema);
            ps.setString(2, realTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    typeOfConstraint.put(rs.getString(1), rs.getString(2));
                    if (rs.getString(3) != null) {
                        constraintOfIndex.put(rs.getString(3), rs.getString(1));
                    }
                }
            }
        }
        Map<String, List<String>> indexColumns = new LinkedHashMap<>();
        Map<String, String> indexTypes = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT i.INDEX_NAME, i.INDEX_TYPE_NAME, c.COLUMN_NAME FROM INFORMATION_SCHEMA.INDEXES i "
                + "JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME "
                + "WHERE i.TABLE_SCHEMA = ? AND i.TABLE_NAME = ? ORDER BY i.INDEX_TYPE_NAME DESC, i.INDEX_NAME, c.ORDINAL_POSITION")) {
            ps.setString(1, realSchema);
            ps.setString(2, realTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexColumns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(3));
                    indexTypes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<TableInfo.IndexInfo> indexes = new ArrayList<>();
        for (var e : indexColumns.entrySet()) {
            String type = indexTypes.get(e.getKey());
            boolean primary = type.startsWith("PRIMARY");
            boolean unique = primary || type.startsWith("UNIQUE");
            String constraint = constraintOfIndex.get(e.getKey());
            String name;
            if (primary) {
                name = "PRIMARY";
            } else if (constraint != null && !constraint.startsWith("CONSTRAINT_")) {
                name = constraint;
            } else if (constraint != null || e.getKey().startsWith("CONSTRAINT_") || e.getKey().contains("_INDEX_")) {
                name = e.getValue().get(0);
            } else {
                name = e.getKey();
            }
            String shown = IndexNames.mysqlName(name);
            if (!primary && indexes.stream().anyMatch(i -> i.name().equals(shown))) {
                continue;
            }
            indexes.add(new TableInfo.IndexInfo(shown, primary, unique, List.copyOf(e.getValue())));
        }
        indexes.sort((a, b) -> a.primary() != b.primary() ? (a.primary() ? -1 : 1) : a.unique() != b.unique() ? (a.unique() ? -1 : 1) : 0);

        List<TableInfo.ColumnInfo> columns = new ArrayList<>();
        Map<String, MySqlType> decl = declared.getOrDefault(TableInfo.key(schema, table), Map.of());
        try (PreparedStatement ps = conn.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, IS_IDENTITY, "
                + "CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, COLUMN_ON_UPDATE "
                + "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, realSchema);
            ps.setString(2, realTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    MySqlType type = decl.get(name.toLowerCase(Locale.ROOT));
                    if (type == null) {
                        type = H2Types.fromInfoSchema(rs.getString(2), (Long) rs.getObject(6), (Integer) rs.getObject(7),
                                (Integer) rs.getObject(8), (Integer) rs.getObject(9));
                    }
                    String dflt = rs.getString(4);
                    int flags = 0;
                    for (TableInfo.IndexInfo ix : indexes) {
                        if (ix.primary() && ix.columns().contains(name)) {
                            flags |= Column.PRI_KEY_FLAG;
                        } else if (ix.columns().get(0).equals(name)) {
                            flags |= ix.unique() && ix.columns().size() == 1 ? Column.UNIQUE_KEY_FLAG : Column.MULTIPLE_KEY_FLAG;
                        }
                    }
                    columns.add(new TableInfo.ColumnInfo(name, type, "YES".equals(rs.getString(3)), displayDefault(dflt), dflt,
                            "YES".equals(rs.getString(5)), rs.getString(10), flags));
                }
            }
        }
        List<TableInfo.ForeignKeyInfo> fks = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT rc.CONSTRAINT_NAME, k.COLUMN_NAME, u.TABLE_SCHEMA, u.TABLE_NAME, u.COLUMN_NAME, "
                + "rc.DELETE_RULE, rc.UPDATE_RULE FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc "
                + "JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME "
                + "JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE u ON u.CONSTRAINT_SCHEMA = rc.UNIQUE_CONSTRAINT_SCHEMA AND u.CONSTRAINT_NAME = rc.UNIQUE_CONSTRAINT_NAME "
                + "AND u.ORDINAL_POSITION = k.POSITION_IN_UNIQUE_CONSTRAINT "
                + "WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? ORDER BY rc.CONSTRAINT_NAME, k.ORDINAL_POSITION")) {
            ps.setString(1, realSchema);
            ps.setString(2, realTable);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Object[]> byName = new LinkedHashMap<>();
                while (rs.next()) {
                    Object[] fk = byName.computeIfAbsent(rs.getString(1), n -> {
                        try {
                            return new Object[] {new ArrayList<String>(), rs.getString(3), rs.getString(4), new ArrayList<String>(),
                                    rs.getString(6), rs.getString(7)};
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    @SuppressWarnings("unchecked") List<String> cols = (List<String>) fk[0];
                    @SuppressWarnings("unchecked") List<String> refs = (List<String>) fk[3];
                    cols.add(rs.getString(2));
                    refs.add(rs.getString(5));
                }
                for (var e : byName.entrySet()) {
                    Object[] fk = e.getValue();
                    @SuppressWarnings("unchecked") List<String> cols = (List<String>) fk[0];
                    @SuppressWarnings("unchecked") List<String> refs = (List<String>) fk[3];
                    fks.add(new TableInfo.ForeignKeyInfo(e.getKey(), cols, (String) fk[1], (String) fk[2], refs, (String) fk[4], (String) fk[5]));
                }
            }
        }
        List<TableInfo.CheckInfo> checks = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT c.CONSTRAINT_NAME, c.CHECK_CLAUSE FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS c "
                + "JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME "
                + "WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? ORDER BY c.CONSTRAINT_NAME")) {
            ps.setString(1, realSchema);
            ps.setString(2, realTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).startsWith(RANGE_CHECK_PREFIX)) {
                        checks.add(new TableInfo.CheckInfo(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return new TableInfo(realSchema, realTable, List.copyOf(columns), List.copyOf(indexes), List.copyOf(fks), List.copyOf(checks));
    }

    /** H2's default expression as MySQL shows it: the value without quotes, or the function. */
    private static String displayDefault(String expr) {
        if (expr == null || expr.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (expr.startsWith("'") && expr.endsWith("'") && expr.length() >= 2) {
            return expr.substring(1, expr.length() - 1).replace("''", "'");
        }
        String upper = expr.toUpperCase(Locale.ROOT);
        if (upper.startsWith("CURRENT_TIMESTAMP") || upper.startsWith("LOCALTIMESTAMP")) {
            return "CURRENT_TIMESTAMP" + (upper.contains("(") ? expr.substring(expr.indexOf('(')) : "");
        }
        if (upper.equals("TRUE")) {
            return "1";
        }
        if (upper.equals("FALSE")) {
            return "0";
        }
        return expr;
    }
}
