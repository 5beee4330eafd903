package io.jgr.recovery;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import java.util.List;
import java.util.function.Supplier;

/** A read-only performance_schema table computed from server state at each query. */
record VirtualTable(String name, List<Column> columns, Supplier<List<Object[]>> rows) {

    static Column text(String name) {
        return Column.computed(name, ColumnType.VAR_STRING, Column.CHARSET_UTF8MB4, 1024, 0, 0);
    }

    static Column number(String name) {
        return Column.computed(name, ColumnType.LONGLONG, Column.CHARSET_BINARY, 20, Column.NUM_FLAG, 0);
    }

    static Column timestamp(String name) {
        return Column.computed(name, ColumnType.TIMESTAMP, Column.CHARSET_BINARY, 26, Column.BINARY_FLAG, 6);
    }
}
