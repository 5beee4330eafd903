package io.jgr.store.catalog;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.error.MySqlError;
import io.jgr.sql.statement.Lexer;
import io.jgr.sql.statement.SqlLiterals;
import io.jgr.sql.statement.Token;
import io.jgr.sql.statement.TokenCursor;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A column type as declared in MySQL (H2 forgets UNSIGNED, display widths and TINYINT(1)). It
 * decides the H2 type that stores it, the protocol metadata and the Java class of its values.
 *
 * @param base  MySQL's canonical type name in lower case, e.g. "int", "varchar", "enum"
 * @param args  the parenthesised arguments: lengths, precision and scale, or quoted ENUM values
 */
public record MySqlType(String base, List<String> args, boolean unsigned, boolean zerofill) {

    /** How a value of this type is read from H2 and handed to the protocol. */
    public enum ValueKind { LONG, UNSIGNED_BIGINT, DECIMAL, FLOAT, DOUBLE, BIT, DATE, DATETIME, TIME, STRING, BYTES }

    private static final BigInteger MAX_UNSIGNED_BIGINT = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public static MySqlType of(String base, String... args) {
        return new MySqlType(base, List.of(args), false, false);
    }

    /** Parses a declared type, e.g. "int unsigned" or "varchar(32)". */
    public static MySqlType parse(String declared) throws SQLException {
        List<Token> tokens = Lexer.lex(declared);
        TokenCursor c = new TokenCursor(declared, tokens);
        MySqlType t = parse(c);
        c.expectEnd();
        return t;
    }

    /** Parses a type at the cursor, up to and including UNSIGNED/SIGNED/ZEROFILL. */
    public static MySqlType parse(TokenCursor c) throws SQLException {
        Token first = c.next();
        if (first.type() != Token.Type.WORD) {
            throw c.syntaxError();
        }
        String base = switch (first.value()) {
            case "INTEGER" -> "int";
            case "DEC", "NUMERIC", "FIXED" -> "decimal";
            case "REAL" -> "double";
            case "NCHAR" -> "char";
            case "NVARCHAR" -> "varchar";
            case "BOOL", "BOOLEAN" -> "bool";
            case "CHARACTER" -> c.accept("VARYING") ? "varchar" : "char";
            case "DOUBLE" -> {
                c.accept("PRECISION");
                yield "double";
            }
            case "NATIONAL" -> {
                Token n = c.next();
                yield n.is("VARCHAR") ? "varchar" : "char";
            }
            default -> first.value().toLowerCase(Locale.ROOT);
        };
        if (base.equals("char") && c.accept("VARYING")) {
            base = "varchar";
        }
        switch (base) {
            case "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "bit", "date",
                 "datetime", "timestamp", "time", "year", "char", "varchar", "binary", "varbinary", "tinytext",
                 "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "enum", "json", "bool" -> {
            }
            case "set", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
                 "multipolygon", "geometrycollection", "serial" ->
                    throw MySqlError.ER_NOT_SUPPORTED_YET.exception("column type " + base.toUpperCase(Locale.ROOT));
            default -> throw c.syntaxError();
        }
        List<String> args = new ArrayList<>();
        if (c.acceptSymbol("(")) {
            do {
                Token a = c.next();
                if (a.type() == Token.Type.STRING) {
                    args.add(SqlLiterals.quote(a.value()));
                } else if (a.type() == Token.Type.NUMBER) {
                    args.add(a.text());
                } else {
                    throw c.syntaxError();
                }
            } while (c.acceptSymbol(","));
            c.expectSymbol(")");
        }
        if (base.equals("bool")) {
            return new MySqlType("tinyint", List.of("1"), false, false);
        }
        boolean unsigned = false;
        boolean zerofill = false;
        while (true) {
            if (c.accept("UNSIGNED")) {
                unsigned = true;
            } else if (c.accept("SIGNED")) {
                unsigned = false;
            } else if (c.accept("ZEROFILL")) {
                zerofill = true;
                unsigned = true;
            } else {
                break;
            }
        }
        if (!numeric(base)) {
            unsigned = false;
            zerofill = false;
        }
        if (isInteger(base) && !zerofill && !(base.equals("tinyint") && args.equals(List.of("1")))) {
            args = List.of(); // MySQL 8 keeps no display width except TINYINT(1) and ZEROFILL
        }
        if (base.equals("varchar") || base.equals("varbinary")) {
            if (args.size() != 1) {
                throw c.syntaxError();
            }
        }
        return new MySqlType(base, List.copyOf(args), unsigned, zerofill);
    }

    private static boolean numeric(String base) {
        return isInteger(base) || base.equals("decimal") || base.equals("float") || base.equals("double");
    }

    private static boolean isInteger(String base) {
        return switch (base) {
            case "tinyint", "smallint", "mediumint", "int", "bigint" -> true;
            default -> false;
        };
    }

    private int arg(int i, int dflt) {
        return args.size() > i ? Integer.parseInt(args.get(i)) : dflt;
    }

    /** The type as SHOW CREATE TABLE and SHOW COLUMNS print it, e.g. "int unsigned". */
    public String declared() {
        StringBuilder b = new StringBuilder(base);
        if (!args.isEmpty()) {
            b.append('(').append(String.join(",", args)).append(')');
        } else if (base.equals("decimal")) {
            b.append("(10,0)");
        } else if (base.equals("char") || base.equals("binary") || base.equals("bit")) {
            b.append("(1)");
        }
        if (unsigned) {
            b.append(" unsigned");
        }
        if (zerofill) {
            b.append(" zerofill");
        }
        return b.toString();
    }

    /** The H2 type that stores every value of this type (one size up for UNSIGNED integers). */
    public String h2Type() {
        return switch (base) {
            case "tinyint" -> unsigned ? "SMALLINT" : "TINYINT";
            case "smallint" -> unsigned ? "INT" : "SMALLINT";
            case "mediumint" -> "INT";
            case "int" -> unsigned ? "BIGINT" : "INT";
            case "bigint" -> unsigned ? "NUMERIC(20)" : "BIGINT";
            case "decimal" -> "DECIMAL(" + arg(0, 10) + "," + arg(1, 0) + ")";
            case "float" -> args.size() == 2 || arg(0, 0) > 24 ? "DOUBLE PRECISION" : "REAL";
            case "double" -> "DOUBLE PRECISION";
            case "bit" -> "BIGINT";
            case "date" -> "DATE";
            case "datetime", "timestamp" -> "TIMESTAMP(" + arg(0, 0) + ")";
            case "time" -> "TIME(" + arg(0, 0) + ")";
            case "year" -> "SMALLINT";
            case "char" -> "CHAR(" + arg(0, 1) + ")";
            case "varchar" -> "VARCHAR(" + arg(0, 1) + ")";
            case "binary" -> "BINARY(" + arg(0, 1) + ")";
            case "varbinary" -> "VARBINARY(" + arg(0, 1) + ")";
            case "tinytext" -> "VARCHAR(255)";
            case "text" -> "VARCHAR(65535)";
            case "mediumtext" -> "VARCHAR(16777215)";
            case "longtext", "json" -> "CLOB";
            case "tinyblob" -> "VARBINARY(255)";
            case "blob" -> "VARBINARY(65535)";
            case "mediumblob" -> "VARBINARY(16777215)";
            case "longblob" -> "BLOB";
            case "enum" -> "ENUM(" + String.join(",", args) + ")";
            default -> throw new IllegalStateException(base);
        };
    }

    /** The range check H2 needs to keep MySQL's limits, or null: [min, max]. */
    public String[] range() {
        return switch (base) {
            case "tinyint" -> unsigned ? new String[] {"0", "255"} : null;
            case "smallint" -> unsigned ? new String[] {"0", "65535"} : null;
            case "mediumint" -> unsigned ? new String[] {"0", "16777215"} : new String[] {"-8388608", "8388607"};
            case "int" -> unsigned ? new String[] {"0", "4294967295"} : null;
            case "bigint" -> unsigned ? new String[] {"0", MAX_UNSIGNED_BIGINT.toString()} : null;
            case "decimal", "float", "double" -> unsigned ? new String[] {"0", null} : null;
            case "year" -> new String[] {"0", "2155"};
            default -> null;
        };
    }

    public ColumnType columnType() {
        return switch (base) {
            case "tinyint" -> ColumnType.TINY;
            case "smallint" -> ColumnType.SHORT;
            case "mediumint" -> ColumnType.INT24;
            case "int" -> ColumnType.LONG;
            case "bigint" -> ColumnType.LONGLONG;
            case "decimal" -> ColumnType.NEWDECIMAL;
            case "float" -> ColumnType.FLOAT;
            case "double" -> ColumnType.DOUBLE;
            case "bit" -> ColumnType.BIT;
            case "date" -> ColumnType.DATE;
            case "datetime" -> ColumnType.DATETIME;
            case "timestamp" -> ColumnType.TIMESTAMP;
            case "time" -> ColumnType.TIME;
            case "year" -> ColumnType.YEAR;
            case "char", "binary", "enum" -> ColumnType.STRING;
            case "varchar", "varbinary" -> ColumnType.VAR_STRING;
            case "json" -> ColumnType.JSON;
            default -> ColumnType.BLOB;
        };
    }

    public boolean binary() {
        return switch (base) {
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit" -> true;
            default -> false;
        };
    }

    private boolean character() {
        return switch (base) {
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "json" -> true;
            default -> false;
        };
    }

    public int charset() {
        return character() ? Column.CHARSET_UTF8MB4 : Column.CHARSET_BINARY;
    }

    /** Display length in bytes, as MySQL reports it (utf8mb4: 4 bytes a character). */
    public long length() {
        return switch (base) {
            case "tinyint" -> args.equals(List.of("1")) ? 1 : unsigned ? 3 : 4;
            case "smallint" -> unsigned ? 5 : 6;
            case "mediumint" -> unsigned ? 8 : 9;
            case "int" -> unsigned ? 10 : 11;
            case "bigint" -> 20;
            case "decimal" -> arg(0, 10) + (arg(1, 0) > 0 ? 1 : 0) + (unsigned ? 0 : 1);
            case "float" -> 12;
            case "double" -> 22;
            case "bit" -> arg(0, 1);
            case "date" -> 10;
            case "datetime", "timestamp" -> 19 + (arg(0, 0) > 0 ? arg(0, 0) + 1 : 0);
            case "time" -> 10 + (arg(0, 0) > 0 ? arg(0, 0) + 1 : 0);
            case "year" -> 4;
            case "char", "varchar" -> 4L * arg(0, 1);
            case "binary", "varbinary" -> arg(0, 1);
            case "tinytext" -> 1020;
            case "text" -> 262140;
            case "mediumtext" -> 67108860;
            case "tinyblob" -> 255;
            case "blob" -> 65535;
            case "mediumblob" -> 16777215;
            case "enum" -> 4L * args.stream().mapToInt(a -> a.length() - 2).max().orElse(1);
            default -> 4294967295L;
        };
    }

    public int decimals() {
        return switch (base) {
            case "decimal" -> arg(1, 0);
            case "float", "double" -> args.size() == 2 ? arg(1, 31) : 31;
            case "datetime", "timestamp", "time" -> arg(0, 0);
            default -> 0;
        };
    }

    /** The flags the type itself implies (key and null flags come from the table). */
    public int flags() {
        int f = 0;
        if (unsigned) {
            f |= Column.UNSIGNED_FLAG;
        }
        if (zerofill) {
            f |= Column.ZEROFILL_FLAG;
        }
        if (numeric(base) || base.equals("year")) {
            f |= Column.NUM_FLAG;
        }
        if (binary() || base.equals("date") || base.equals("datetime") || base.equals("timestamp") || base.equals("time")
                || base.equals("year")) {
            f |= Column.BINARY_FLAG;
        }
        if (columnType() == ColumnType.BLOB || base.equals("json")) {
            f |= Column.BLOB_FLAG;
        }
        if (base.equals("enum")) {
            f |= Column.ENUM_FLAG;
        }
        if (base.equals("timestamp")) {
            f |= Column.TIMESTAMP_FLAG;
        }
        return f;
    }

    public ValueKind valueKind() {
        return switch (base) {
            case "tinyint", "smallint", "mediumint", "int", "year" -> ValueKind.LONG;
            case "bigint" -> unsigned ? ValueKind.UNSIGNED_BIGINT : ValueKind.LONG;
            case "decimal" -> ValueKind.DECIMAL;
            case "float" -> h2Type().equals("REAL") ? ValueKind.FLOAT : ValueKind.DOUBLE;
            case "double" -> ValueKind.DOUBLE;
            case "bit" -> ValueKind.BIT;
            case "date" -> ValueKind.DATE;
            case "datetime", "timestamp" -> ValueKind.DATETIME;
            case "time" -> ValueKind.TIME;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ValueKind.BYTES;
            default -> ValueKind.STRING;
        };
    }

    /** Bytes of a BIT(n) value, most significant first, as MySQL sends them. */
    public int bitBytes() {
        return (arg(0, 1) + 7) / 8;
    }
}
