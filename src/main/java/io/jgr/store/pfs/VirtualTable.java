package io.jgr.store.pfs;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** A read-only performance_schema table computed at each query: its columns and a row source. */
public record VirtualTable(String name, List<Column> columns, Supplier<List<Object[]>> rows) {
    static final String SCHEMA = "performance_schema";

    /** Starts the table {@code name}; its columns follow, then its rows. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The columns in MySQL's order, each naming its schema and table, as a client's result metadata shows them. */
    public static final class Builder {
        private final String table;
        private final List<Column> columns = new ArrayList<>();

        private Builder(String table) {
            this.table = table;
        }

        /** VARCHAR({@code chars}) in utf8mb4. */
        public Builder text(String name, int chars) {
            return add(name, Column.CHARSET_UTF8MB4, 4L * chars, ColumnType.VAR_STRING, 0, 0);
        }

        /** A text column of no particular width (256 characters). */
        public Builder text(String name) {
            return text(name, 256);
        }

        public Builder integer(String name) {
            return add(name, Column.CHARSET_BINARY, 20, ColumnType.LONGLONG, Column.NUM_FLAG, 0);
        }

        public Builder unsigned(String name) {
            return add(name, Column.CHARSET_BINARY, 20, ColumnType.LONGLONG, Column.NUM_FLAG | Column.UNSIGNED_FLAG, 0);
        }

        /** TIMESTAMP(6). */
        public Builder timestamp(String name) {
            return add(name, Column.CHARSET_BINARY, 26, ColumnType.TIMESTAMP, Column.BINARY_FLAG, 6);
        }

        public VirtualTable rows(Supplier<List<Object[]>> rows) {
            return new VirtualTable(table, List.copyOf(columns), rows);
        }

        private Builder add(String name, int charset, long length, ColumnType type, int flags, int decimals) {
            columns.add(new Column(SCHEMA, table, table, name, name, charset, length, type, flags, decimals));
            return this;
        }
    }
}
