package io.jgr.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TableKeys} per table, read once; forgotten whenever DDL passes through the group. */
public final class TableKeysCache {
    private final Map<String, TableKeys> byTable = new ConcurrentHashMap<>();

    public TableKeys get(Connection conn, String schema, String table) throws SQLException {
        String key = schema.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
        TableKeys keys = byTable.get(key);
        if (keys == null) {
            keys = TableKeys.read(conn, schema, table);
            byTable.put(key, keys);
        }
        return keys;
    }

    public void invalidate() {
        byTable.clear();
    }
}
