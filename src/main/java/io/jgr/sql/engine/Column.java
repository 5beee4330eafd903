package io.jgr.sql.engine;

/**
 * A column definition as the protocol sends it (Protocol::ColumnDefinition41).
 *
 * @param charset collation id: 63 (binary) for numbers, dates and binary strings; 255
 *        (utf8mb4_0900_ai_ci) for character data
 * @param length  display length in bytes (e.g. 11 for INT, 4 * n for VARCHAR(n) in utf8mb4)
 * @param flags   a combination of the {@code *_FLAG} constants
 */
public record Column(String schema, String table, String orgTable, String name, String orgName,
                     int charset, long length, ColumnType type, int flags, int decimals) {

    public static final int NOT_NULL_FLAG = 1;
    public static final int PRI_KEY_FLAG = 2;
    public static final int UNIQUE_KEY_FLAG = 4;
    public static final int MULTIPLE_KEY_FLAG = 8;
    public static final int BLOB_FLAG = 16;
    public static final int UNSIGNED_FLAG = 32;
    public static final int ZEROFILL_FLAG = 64;
    public static final int BINARY_FLAG = 128;
    public static final int ENUM_FLAG = 256;
    public static final int AUTO_INCREMENT_FLAG = 512;
    public static final int TIMESTAMP_FLAG = 1024;
    public static final int SET_FLAG = 2048;
    public static final int NUM_FLAG = 32768;

    public static final int CHARSET_BINARY = 63;
    public static final int CHARSET_UTF8MB4 = 255;

    /** A computed column (no table), e.g. of {@code SELECT @@version}. */
    public static Column computed(String name, ColumnType type, int charset, long length, int flags, int decimals) {
        return new Column("", "", "", name, "", charset, length, type, flags, decimals);
    }
}
