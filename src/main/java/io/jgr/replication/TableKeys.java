package io.jgr.replication;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys of one table that take part in certification: its primary key, its unique keys, and
 * its foreign keys (each naming the parent table and the parent's referenced columns).
 */
public record TableKeys(List<String> primaryKey, List<List<String>> uniqueKeys, List<ForeignKey> foreignKeys) {

    /** A child's columns and the parent key they reference. */
    public record ForeignKey(List<String> columns, String parentSchema, String parentTable, List<String> parentColumns,
                             boolean cascades) {
    }

    /** Reads the keys from H2's metadata (names in lower case, as the capture trigger reports columns). */
    public static TableKeys read(Connection conn, String schema, String table) throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        List<String> pk = new ArrayList<>();
        TreeMap<Integer, String> pkCols = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                pkCols.put(rs.getInt("KEY_SEQ"), lower(rs.getString("COLUMN_NAME")));
            }
        }
        pk.addAll(pkCols.values());
        Map<String, TreeMap<Integer, String>> unique = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(null, schema, table, true, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String col = rs.getString("COLUMN_NAME");
                if (name == null || col == null) {
                    continue;
                }
                unique.computeIfAbsent(name, k -> new TreeMap<>()).put(rs.getInt("ORDINAL_POSITION"), lower(col));
            }
        }
        List<List<String>> uniqueKeys = new ArrayList<>();
        for (TreeMap<Integer, String> cols : unique.values()) {
            List<String> key = List.copyOf(cols.values());
            if (!key.equals(pk) && !uniqueKeys.contains(key)) {
                uniqueKeys.add(key);
            }
        }
        Map<String, TreeMap<Integer, String[]>> fks = new LinkedHashMap<>();
        try (ResultSet rs = md.getImportedKeys(null, schema, table)) {
            while (rs.next()) {
                String name = rs.getString("FK_NAME");
                fks.computeIfAbsent(name, k -> new TreeMap<>()).put(rs.getInt("KEY_SEQ"), new String[] {
                        lower(rs.getString("FKCOLUMN_NAME")), rs.getString("PKTABLE_SCHEM"), rs.getString("PKTABLE_NAME"),
                        lower(rs.getString("PKCOLUMN_NAME")),
                        String.valueOf(rs.getInt("UPDATE_RULE") == DatabaseMetaData.importedKeyCascade
                                || rs.getInt("DELETE_RULE") == DatabaseMetaData.importedKeyCascade)});
            }
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (TreeMap<Integer, String[]> parts : fks.values()) {
            List<String> cols = new ArrayList<>();
            List<String> parentCols = new ArrayList<>();
            String[] first = parts.firstEntry().getValue();
            for (String[] p : parts.values()) {
                cols.add(p[0]);
                parentCols.add(p[3]);
            }
            foreignKeys.add(new ForeignKey(List.copyOf(cols), first[1], first[2], List.copyOf(parentCols),
                    Boolean.parseBoolean(first[4])));
        }
        return new TableKeys(List.copyOf(pk), List.copyOf(uniqueKeys), List.copyOf(foreignKeys));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
