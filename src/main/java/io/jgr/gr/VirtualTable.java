package io.jgr.gr;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import java.util.List;
import java.util.function.Supplier;

/** A read-only performance_schema table computed at each query: its columns and a row source. */
record VirtualTable(String schema, String name, List<Column> columns, Supplier<List<Object[]>> rows) {

    static Column text(String schema, String table, String name, int chars) {
        return new Column(schema, table, table, name, name, Column.CHARSET_UTF8MB4, 4L * chars, ColumnType.VAR_STRING, 0, 0);
    }

    static Column integer(String schema, String table, String name, boolean unsigned) {
        return new Column(schema, table, table, name, name, Column.CHARSET_BINARY, 20, ColumnType.LONGLONG,
                Column.NUM_FLAG | (unsigned ? Column.UNSIGNED_FLAG : 0), 0);
    }

    static Column timestamp(String schema, String table, String name) {
        return new Column(schema, table, table, name, name, Column.CHARSET_BINARY, 26, ColumnType.TIMESTAMP, 0, 6);
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }
}
