package io.jgr.sql.statement;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Renders Java values as SQL literals H2 reads back exactly. */
public final class SqlLiterals {
    private SqlLiterals() {
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                b.append('\'');
            }
            b.append(c);
        }
        return b.append('\'').toString();
    }

    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A literal for a value of a variable, a parameter or a computed result. */
    public static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? value.toString() : "NULL";
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof byte[] bytes) {
            StringBuilder b = new StringBuilder("X'");
            for (byte x : bytes) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return b.append('\'').toString();
        }
        if (value instanceof java.time.Duration d) {
            long s = d.getSeconds();
            String sign = s < 0 ? "-" : "";
            s = Math.abs(s);
            return quote(String.format("%s%02d:%02d:%02d", sign, s / 3600, (s / 60) % 60, s % 60)
                    + (d.getNano() != 0 ? String.format(".%06d", Math.abs(d.getNano()) / 1000) : ""));
        }
        if (value instanceof java.time.LocalDateTime t) {
            return quote(t.toString().replace('T', ' '));
        }
        return quote(value.toString());
    }
}
