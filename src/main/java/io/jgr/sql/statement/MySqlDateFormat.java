package io.jgr.sql.statement;

import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;

/** MySQL's DATE_FORMAT specifiers as a java.time pattern (what H2's FORMATDATETIME takes). */
public final class MySqlDateFormat {
    private MySqlDateFormat() {
    }

    public static String toJavaPattern(String mysql) throws SQLException {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < mysql.length(); i++) {
            char c = mysql.charAt(i);
            if (c != '%' || i + 1 >= mysql.length()) {
                literal.append(c);
                continue;
            }
            char spec = mysql.charAt(++i);
            String p = switch (spec) {
                case 'Y' -> "yyyy";
                case 'y' -> "yy";
                case 'm' -> "MM";
                case 'c' -> "M";
                case 'd' -> "dd";
                case 'e' -> "d";
                case 'H' -> "HH";
                case 'k' -> "H";
                case 'h', 'I' -> "hh";
                case 'l' -> "h";
                case 'i' -> "mm";
                case 's', 'S' -> "ss";
                case 'f' -> "SSSSSS";
                case 'p' -> "a";
                case 'M' -> "MMMM";
                case 'b' -> "MMM";
                case 'W' -> "EEEE";
                case 'a' -> "EEE";
                case 'j' -> "DDD";
                case 'T' -> "HH:mm:ss";
                case 'r' -> "hh:mm:ss a";
                case '%' -> null;
                default -> throw MySqlError.ER_NOT_SUPPORTED_YET.exception("DATE_FORMAT specifier %" + spec);
            };
            if (p == null) {
                literal.append('%');
                continue;
            }
            flush(literal, out);
            out.append(p);
        }
        flush(literal, out);
        return out.toString();
    }

    private static void flush(StringBuilder literal, StringBuilder out) {
        if (literal.length() > 0) {
            out.append('\'').append(literal.toString().replace("'", "''")).append('\'');
            literal.setLength(0);
        }
    }
}
