package io.jgr.store.catalog;

import java.util.List;
import java.util.Locale;

/** A table as MySQL describes it: declared column types from our catalog, the rest from H2. */
public record TableInfo(String schema, String name, List<ColumnInfo> columns, List<IndexInfo> indexes,
                        List<ForeignKeyInfo> foreignKeys, List<CheckInfo> checks) {

    /** A CHECK constraint the user declared (not our hidden range checks); {@code clause} as H2 keeps it. */
    public record CheckInfo(String name, String clause) {
    }

    /**
     * @param defaultValue the default as SHOW COLUMNS prints it (null for none)
     * @param defaultExpr  the H2 default expression, or null
     * @param keyFlags     PRI_KEY / UNIQUE_KEY / MULTIPLE_KEY flags of the first index column it heads
     */
    public record ColumnInfo(String name, MySqlType type, boolean nullable, String defaultValue, String defaultExpr,
                             boolean autoIncrement, String onUpdate, int keyFlags) {
    }

    /** @param name "PRIMARY" for the primary key */
    public record IndexInfo(String name, boolean primary, boolean unique, List<String> columns) {
    }

    public record ForeignKeyInfo(String name, List<String> columns, String refSchema, String refTable,
                                 List<String> refColumns, String onDelete, String onUpdate) {
    }

    public ColumnInfo column(String columnName) {
        for (ColumnInfo c : columns) {
            if (c.name().equalsIgnoreCase(columnName)) {
                return c;
            }
        }
        return null;
    }

    public boolean hasPrimaryKey() {
        return indexes.stream().anyMatch(IndexInfo::primary);
    }

    public String key() {
        return key(schema, name);
    }

    public static String key(String schema, String table) {
        return schema.toLowerCase(Locale.ROOT) + '\0' + table.toLowerCase(Locale.ROOT);
    }
}
