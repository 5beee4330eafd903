package io.jgr.sql.protocol;

import static io.jgr.sql.engine.Column.AUTO_INCREMENT_FLAG;
import static io.jgr.sql.engine.Column.BINARY_FLAG;
import static io.jgr.sql.engine.Column.BLOB_FLAG;
import static io.jgr.sql.engine.Column.CHARSET_BINARY;
import static io.jgr.sql.engine.Column.CHARSET_UTF8MB4;
import static io.jgr.sql.engine.Column.NOT_NULL_FLAG;
import static io.jgr.sql.engine.Column.NUM_FLAG;
import static io.jgr.sql.engine.Column.PRI_KEY_FLAG;
import static io.jgr.sql.engine.Column.UNSIGNED_FLAG;
import static io.jgr.sql.protocol.ScriptedSqlEngine.col;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.error.MySqlError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The scripted engine's tables: rows keyed by their first column, values already in the contract's Java classes. */
final class ScriptedTables {
    static final int PK = NOT_NULL_FLAG | PRI_KEY_FLAG;

    static final List<Column> T = List.of(
            col("t", "id", ColumnType.LONG, CHARSET_BINARY, 11, PK | NUM_FLAG, 0),
            col("t", "v", ColumnType.VAR_STRING, CHARSET_UTF8MB4, 256, 0, 0));

    static final List<Column> AUTO = List.of(
            col("auto", "id", ColumnType.LONGLONG, CHARSET_BINARY, 20, PK | NUM_FLAG | AUTO_INCREMENT_FLAG, 0),
            col("auto", "v", ColumnType.VAR_STRING, CHARSET_UTF8MB4, 256, 0, 0));

    /** One column per Java type Connector/J binds. */
    static final List<Column> ALLTYPES = List.of(
            col("alltypes", "id", ColumnType.LONG, CHARSET_BINARY, 11, PK | NUM_FLAG, 0),
            col("alltypes", "ti", ColumnType.TINY, CHARSET_BINARY, 4, NUM_FLAG, 0),
            col("alltypes", "si", ColumnType.SHORT, CHARSET_BINARY, 6, NUM_FLAG, 0),
            col("alltypes", "bi", ColumnType.LONGLONG, CHARSET_BINARY, 20, NUM_FLAG, 0),
            col("alltypes", "dec", ColumnType.NEWDECIMAL, CHARSET_BINARY, 22, NUM_FLAG, 6),
            col("alltypes", "dbl", ColumnType.DOUBLE, CHARSET_BINARY, 22, NUM_FLAG, 31),
            col("alltypes", "flt", ColumnType.FLOAT, CHARSET_BINARY, 12, NUM_FLAG, 31),
            col("alltypes", "str", ColumnType.VAR_STRING, CHARSET_UTF8MB4, 1020, 0, 0),
            col("alltypes", "bin", ColumnType.VAR_STRING, CHARSET_BINARY, 255, BINARY_FLAG, 0),
            col("alltypes", "d", ColumnType.DATE, CHARSET_BINARY, 10, 0, 0),
            col("alltypes", "dt", ColumnType.DATETIME, CHARSET_BINARY, 26, 0, 6),
            col("alltypes", "tm", ColumnType.TIME, CHARSET_BINARY, 17, 0, 6),
            col("alltypes", "b", ColumnType.TINY, CHARSET_BINARY, 1, NUM_FLAG, 0),
            col("alltypes", "n", ColumnType.LONG, CHARSET_BINARY, 11, NUM_FLAG, 0));

    /** A fixed table of the types a text or binary result may carry. */
    static final List<Column> TYPES = List.of(
            col("types", "id", ColumnType.LONG, CHARSET_BINARY, 11, PK | NUM_FLAG, 0),
            col("types", "u64", ColumnType.LONGLONG, CHARSET_BINARY, 20, NUM_FLAG | UNSIGNED_FLAG, 0),
            col("types", "yr", ColumnType.YEAR, CHARSET_BINARY, 4, NUM_FLAG | Column.ZEROFILL_FLAG | UNSIGNED_FLAG, 0),
            col("types", "ts", ColumnType.TIMESTAMP, CHARSET_BINARY, 19, 0, 0),
            col("types", "neg", ColumnType.TIME, CHARSET_BINARY, 10, 0, 0),
            col("types", "js", ColumnType.JSON, CHARSET_BINARY, 4294967295L, BLOB_FLAG | BINARY_FLAG, 0),
            col("types", "bl", ColumnType.BLOB, CHARSET_BINARY, 65535, BLOB_FLAG | BINARY_FLAG, 0),
            col("types", "txt", ColumnType.BLOB, CHARSET_UTF8MB4, 262140, BLOB_FLAG, 0),
            col("types", "bits", ColumnType.BIT, CHARSET_BINARY, 8, Column.UNSIGNED_FLAG, 0),
            col("types", "en", ColumnType.STRING, CHARSET_UTF8MB4, 20, Column.ENUM_FLAG, 0),
            col("types", "i24", ColumnType.INT24, CHARSET_BINARY, 9, NUM_FLAG, 0));

    static final List<Object[]> TYPES_ROWS = List.<Object[]>of(
            new Object[] {1L, new BigInteger("18446744073709551615"), 2024L, LocalDateTime.of(2025, 1, 2, 3, 4, 5),
                    Duration.ofHours(100).plusMinutes(15).plusSeconds(30), "{\"a\": [1, 2]}", new byte[] {0, 1, (byte) 0xFF, 0x27},
                    "héllo wörld ✓", new byte[] {5}, "medium", -8388608L},
            new Object[] {2L, null, null, null, null, null, null, null, null, null, null});

    private final Map<String, TreeMap<Long, Object[]>> data = new HashMap<>();
    private Map<String, TreeMap<Long, Object[]>> snapshot;
    private long autoId;

    ScriptedTables() {
        data.put("t", new TreeMap<>());
        data.put("alltypes", new TreeMap<>());
        data.put("auto", new TreeMap<>());
    }

    synchronized List<Column> columns(String table) throws SQLException {
        return switch (table) {
            case "t" -> T;
            case "alltypes" -> ALLTYPES;
            case "auto" -> AUTO;
            case "types" -> TYPES;
            default -> throw MySqlError.ER_NO_SUCH_TABLE.exception("test." + table);
        };
    }

    synchronized List<Object[]> rows(String table) throws SQLException {
        columns(table);
        if (table.equals("types")) {
            return TYPES_ROWS;
        }
        return new ArrayList<>(data.get(table).values());
    }

    synchronized Object[] row(String table, long key) throws SQLException {
        columns(table);
        if (table.equals("types")) {
            return TYPES_ROWS.stream().filter(r -> r[0].equals(key)).findFirst().orElse(null);
        }
        return data.get(table).get(key);
    }

    /** Inserts one row (values converted to each column's class); 1062 on a duplicate key. */
    synchronized long insert(String table, List<?> values) throws SQLException {
        List<Column> cols = columns(table);
        if (table.equals("types")) {
            throw MySqlError.ER_OPTION_PREVENTS_STATEMENT.exception("--read-only");
        }
        Object[] row = new Object[cols.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = convert(values.get(i), cols.get(i));
        }
        if (table.equals("auto") && row[0] == null) {
            row[0] = ++autoId;
        }
        long key = (Long) row[0];
        if (data.get(table).containsKey(key)) {
            throw MySqlError.ER_DUP_ENTRY.exception(key, table + ".PRIMARY");
        }
        data.get(table).put(key, row);
        return table.equals("auto") ? key : 0;
    }

    synchronized int deleteAll(String table) throws SQLException {
        columns(table);
        int n = data.get(table).size();
        data.get(table).clear();
        return n;
    }

    synchronized int update(String table, long key, int column, Object value) throws SQLException {
        Object[] row = row(table, key);
        if (row == null) {
            return 0;
        }
        row[column] = convert(value, columns(table).get(column));
        return 1;
    }

    synchronized void begin() {
        if (snapshot == null) {
            snapshot = new HashMap<>();
            data.forEach((k, v) -> {
                TreeMap<Long, Object[]> copy = new TreeMap<>();
                v.forEach((key, row) -> copy.put(key, row.clone()));
                snapshot.put(k, copy);
            });
        }
    }

    synchronized void commit() {
        snapshot = null;
    }

    synchronized void rollback() {
        if (snapshot != null) {
            data.clear();
            data.putAll(snapshot);
            snapshot = null;
        }
    }

    /** What a real engine would store for the value the client bound. */
    static Object convert(Object v, Column c) {
        if (v == null) {
            return null;
        }
        return switch (c.type()) {
            case TINY, SHORT, LONG, LONGLONG, INT24, YEAR -> v instanceof Number n ? n.longValue()
                    : v instanceof Boolean b ? (b ? 1L : 0L) : Long.parseLong(v.toString());
            case NEWDECIMAL, DECIMAL -> new BigDecimal(v.toString()).setScale(c.decimals(), java.math.RoundingMode.HALF_UP);
            case DOUBLE -> ((Number) v).doubleValue();
            case FLOAT -> ((Number) v).floatValue();
            case DATE -> v instanceof LocalDateTime t ? t.toLocalDate() : (LocalDate) v;
            case DATETIME, TIMESTAMP -> v instanceof LocalDate d ? d.atStartOfDay() : (LocalDateTime) v;
            case TIME -> v instanceof LocalTime t ? Duration.ofNanos(t.toNanoOfDay()) : (Duration) v;
            default -> c.charset() == CHARSET_BINARY
                    ? (v instanceof byte[] b ? b : v.toString().getBytes(StandardCharsets.UTF_8))
                    : (v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString());
        };
    }
}
