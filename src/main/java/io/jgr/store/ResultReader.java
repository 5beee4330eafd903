package io.jgr.store;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.Result;
import io.jgr.store.catalog.H2Types;
import io.jgr.store.catalog.MySqlType;
import io.jgr.store.catalog.TableInfo;
import io.jgr.store.catalog.TypeCatalog;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/** Reads an H2 result set into {@link Result.Rows}: MySQL metadata from the catalog, values as the contract's Java classes. */
final class ResultReader {
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private ResultReader() {
    }

    /** Column metadata and the type of each column, from H2's metadata and our catalog. */
    static Described describe(Connection conn, TypeCatalog catalog, ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        MySqlType[] types = new MySqlType[n];
        for (int i = 1; i <= n; i++) {
            String schema = md.getSchemaName(i);
            String table = md.getTableName(i);
            String name = md.getColumnName(i);
            String label = md.getColumnLabel(i);
            TableInfo.ColumnInfo info = null;
            if (table != null && !table.isEmpty() && schema != null && !schema.isEmpty()) {
                TableInfo t = catalog.table(conn, schema, table);
                info = t == null ? null : t.column(name);
            }
            MySqlType type;
            int flags;
            Column c;
            if (info != null) {
                type = info.type();
                flags = type.flags() | info.keyFlags() | (info.nullable() ? 0 : Column.NOT_NULL_FLAG)
                        | (info.autoIncrement() ? Column.AUTO_INCREMENT_FLAG : 0);
                c = new Column(schema, table, table, label, info.name(), type.charset(), type.length(), type.columnType(), flags,
                        type.decimals());
            } else {
                type = H2Types.fromJdbc(md.getColumnType(i), md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i));
                flags = type.flags() | (md.isNullable(i) == ResultSetMetaData.columnNoNulls ? Column.NOT_NULL_FLAG : 0);
                boolean fromTable = table != null && !table.isEmpty();
                c = new Column(fromTable ? schema : "", fromTable ? table : "", fromTable ? table : "", label,
                        fromTable ? name : "", type.charset(), type.length(), type.columnType(), flags, type.decimals());
            }
            columns.add(c);
            types[i - 1] = type;
        }
        return new Described(List.copyOf(columns), types);
    }

    record Described(List<Column> columns, MySqlType[] types) {
    }

    static Result.Rows read(Connection conn, TypeCatalog catalog, ResultSet rs) throws SQLException {
        Described d = describe(conn, catalog, rs.getMetaData());
        List<Object[]> rows = new ArrayList<>();
        int n = d.types().length;
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = value(rs, i + 1, d.types()[i]);
            }
            rows.add(row);
        }
        return new Result.Rows(d.columns(), rows);
    }

    static Object value(ResultSet rs, int i, MySqlType type) throws SQLException {
        switch (type.valueKind()) {
            case LONG -> {
                Object o = rs.getObject(i);
                if (o == null) {
                    return null;
                }
                if (o instanceof Boolean b) {
                    return b ? 1L : 0L;
                }
                if (o instanceof Number num) {
                    return num.longValue();
                }
                return rs.getLong(i);
            }
            case UNSIGNED_BIGINT -> {
                BigDecimal d = rs.getBigDecimal(i);
                if (d == null) {
                    return null;
                }
                return d.compareTo(LONG_MAX) <= 0 ? (Object) d.longValue() : (Object) d.toBigInteger();
            }
            case DECIMAL -> {
                return rs.getBigDecimal(i);
            }
            case FLOAT -> {
                float f = rs.getFloat(i);
                return rs.wasNull() ? null : f;
            }
            case DOUBLE -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : v;
            }
            case BIT -> {
                Object o = rs.getObject(i);
                if (o == null) {
                    return null;
                }
                long v = o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).longValue();
                byte[] bytes = new byte[type.bitBytes()];
                for (int k = bytes.length - 1; k >= 0; k--) {
                    bytes[k] = (byte) v;
                    v >>>= 8;
                }
                return bytes;
            }
            case DATE -> {
                return rs.getObject(i, LocalDate.class);
            }
            case DATETIME -> {
                return rs.getObject(i, LocalDateTime.class);
            }
            case TIME -> {
                LocalTime t = rs.getObject(i, LocalTime.class);
                return t == null ? null : Duration.ofNanos(t.toNanoOfDay());
            }
            case BYTES -> {
                return rs.getBytes(i);
            }
            default -> {
                Object o = rs.getObject(i);
                if (o instanceof Boolean b) {
                    return b ? "1" : "0";
                }
                if (o instanceof BigInteger bi) {
                    return bi.toString();
                }
                return o == null ? null : rs.getString(i);
            }
        }
    }
}
