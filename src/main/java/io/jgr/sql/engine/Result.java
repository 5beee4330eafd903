package io.jgr.sql.engine;

import java.util.List;

/** What a statement produced: an OK (affected rows) or rows with their column metadata. */
public sealed interface Result permits Result.Ok, Result.Rows {

    /** An OK packet's content. {@code info} is the text MySQL shows, e.g. "Rows matched: 1  Changed: 1  Warnings: 0", or "". */
    record Ok(long affectedRows, long lastInsertId, String info) implements Result {
        public static final Ok EMPTY = new Ok(0, 0, "");
    }

    /**
     * A result set. Each row has one value per column, null for SQL NULL, otherwise of the Java
     * class that matches the column's {@link ColumnType}: Long for integer types (BigInteger for
     * BIGINT UNSIGNED above Long.MAX_VALUE), BigDecimal for DECIMAL, Float / Double, String for
     * character types, ENUM, SET and JSON, byte[] for binary types and BIT, LocalDate for DATE,
     * LocalDateTime for DATETIME and TIMESTAMP, Duration for TIME, Long for YEAR.
     */
    record Rows(List<Column> columns, List<Object[]> rows) implements Result {
    }
}
