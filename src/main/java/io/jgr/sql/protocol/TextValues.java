package io.jgr.sql.protocol;

import io.jgr.sql.engine.Column;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** How the text protocol spells a value: MySQL's own formatting of numbers, dates and times. */
public final class TextValues {
    private TextValues() {
    }

    /** The bytes of a non-null value in a text result row. */
    public static byte[] encode(Object value, Column column) {
        if (value instanceof byte[] b) {
            return b;
        }
        return format(value, column.decimals()).getBytes(StandardCharsets.UTF_8);
    }

    /** @param decimals the column's fractional digits (0..6 for temporal types; other values mean "as needed") */
    public static String format(Object value, int decimals) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double d) {
            return formatDouble(d);
        }
        if (value instanceof Float f) {
            return formatFloat(f);
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof LocalDateTime t) {
            return date(t.toLocalDate()) + ' ' + time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), decimals);
        }
        if (value instanceof LocalDate d) {
            return date(d);
        }
        if (value instanceof Duration d) {
            return duration(d, decimals);
        }
        if (value instanceof LocalTime t) {
            return time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), decimals);
        }
        return value.toString();
    }

    /** MySQL prints doubles in shortest round-trip form: 1e20, 1.5, 100, 1e-7. */
    static String formatDouble(double d) {
        return shortest(Double.toString(d), d);
    }

    static String formatFloat(float f) {
        return shortest(Float.toString(f), f);
    }

    private static String shortest(String java, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return java;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        int e = java.indexOf('E');
        if (e < 0) {
            return java;
        }
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + 'e' + java.substring(e + 1);
    }

    private static String date(LocalDate d) {
        StringBuilder b = new StringBuilder(10);
        pad(b, d.getYear(), 4).append('-');
        pad(b, d.getMonthValue(), 2).append('-');
        return pad(b, d.getDayOfMonth(), 2).toString();
    }

    private static String time(long hours, int minutes, int seconds, int nanos, int decimals) {
        StringBuilder b = new StringBuilder(15);
        pad(b, hours, 2).append(':');
        pad(b, minutes, 2).append(':');
        pad(b, seconds, 2);
        fraction(b, nanos, decimals);
        return b.toString();
    }

    /** TIME values span -838:59:59 to 838:59:59, so hours are not limited to a day. */
    private static String duration(Duration d, int decimals) {
        boolean negative = d.isNegative();
        Duration abs = d.abs();
        long seconds = abs.getSeconds();
        String t = time(seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60), abs.getNano(), decimals);
        return negative ? "-" + t : t;
    }

    private static void fraction(StringBuilder b, int nanos, int decimals) {
        int digits = decimals >= 1 && decimals <= 6 ? decimals : (nanos != 0 ? 6 : 0);
        if (digits == 0) {
            return;
        }
        String micros = String.format("%06d", nanos / 1000);
        b.append('.').append(micros, 0, digits);
    }

    private static StringBuilder pad(StringBuilder b, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
