package io.jgr.store.catalog;

import java.sql.Types;
import java.util.Locale;

/** The MySQL type to report for a value whose column has no declared type in the catalog. */
public final class H2Types {
    private H2Types() {
    }

    /** From JDBC result-set metadata (computed columns, information_schema). */
    public static MySqlType fromJdbc(int sqlType, String typeName, int precision, int scale) {
        return switch (sqlType) {
            case Types.TINYINT -> MySqlType.of("tinyint");
            case Types.SMALLINT -> MySqlType.of("smallint");
            case Types.INTEGER -> MySqlType.of("int");
            case Types.BIGINT -> MySqlType.of("bigint");
            // MySQL types a comparison as BIGINT (TINYINT(1) would turn into Boolean in Connector/J)
            case Types.BOOLEAN, Types.BIT -> MySqlType.of("bigint");
            case Types.DECIMAL, Types.NUMERIC -> MySqlType.of("decimal", Integer.toString(Math.max(1, Math.min(precision, 65))),
                    Integer.toString(Math.max(0, Math.min(scale, 30))));
            case Types.REAL -> MySqlType.of("float");
            case Types.FLOAT, Types.DOUBLE -> MySqlType.of("double");
            case Types.DATE -> MySqlType.of("date");
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> scale > 0 ? MySqlType.of("datetime", Integer.toString(Math.min(scale, 6))) : MySqlType.of("datetime");
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> scale > 0 ? MySqlType.of("time", Integer.toString(Math.min(scale, 6))) : MySqlType.of("time");
            case Types.BINARY, Types.VARBINARY -> MySqlType.of("varbinary", Integer.toString(clip(precision)));
            case Types.BLOB, Types.LONGVARBINARY -> MySqlType.of("longblob");
            case Types.CLOB, Types.NCLOB, Types.LONGVARCHAR -> MySqlType.of("longtext");
            case Types.CHAR, Types.NCHAR -> MySqlType.of("char", Integer.toString(Math.max(1, clip(precision))));
            default -> typeName != null && typeName.toUpperCase(Locale.ROOT).startsWith("JSON") ? MySqlType.of("json")
                    : typeName != null && typeName.toUpperCase(Locale.ROOT).startsWith("ENUM") ? MySqlType.of("varchar", Integer.toString(clip(precision)))
                    : MySqlType.of("varchar", Integer.toString(clip(precision)));
        };
    }

    /** From INFORMATION_SCHEMA.COLUMNS.DATA_TYPE and its precision columns. */
    public static MySqlType fromInfoSchema(String dataType, Long charLength, Integer numericPrecision, Integer numericScale,
                                           Integer datetimePrecision) {
        String t = dataType.toUpperCase(Locale.ROOT);
        int len = charLength == null ? 255 : (int) Math.min(charLength, 65535);
        return switch (t) {
            case "TINYINT" -> MySqlType.of("tinyint");
            case "SMALLINT" -> MySqlType.of("smallint");
            case "INTEGER" -> MySqlType.of("int");
            case "BIGINT" -> MySqlType.of("bigint");
            case "BOOLEAN" -> MySqlType.of("tinyint", "1");
            case "NUMERIC", "DECIMAL", "DECFLOAT" -> fromJdbc(Types.DECIMAL, t, numericPrecision == null ? 10 : numericPrecision,
                    numericScale == null ? 0 : numericScale);
            case "REAL" -> MySqlType.of("float");
            case "DOUBLE PRECISION", "FLOAT" -> MySqlType.of("double");
            case "DATE" -> MySqlType.of("date");
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> fromJdbc(Types.TIMESTAMP, t, 0, datetimePrecision == null ? 0 : datetimePrecision);
            case "TIME", "TIME WITH TIME ZONE" -> fromJdbc(Types.TIME, t, 0, datetimePrecision == null ? 0 : datetimePrecision);
            case "BINARY" -> MySqlType.of("binary", Integer.toString(len));
            case "BINARY VARYING" -> MySqlType.of("varbinary", Integer.toString(len));
            case "BINARY LARGE OBJECT" -> MySqlType.of("longblob");
            case "CHARACTER LARGE OBJECT" -> MySqlType.of("longtext");
            case "CHARACTER" -> MySqlType.of("char", Integer.toString(len));
            case "JSON" -> MySqlType.of("json");
            default -> MySqlType.of("varchar", Integer.toString(len));
        };
    }

    private static int clip(int precision) {
        return precision <= 0 ? 255 : Math.min(precision, 65535);
    }
}
