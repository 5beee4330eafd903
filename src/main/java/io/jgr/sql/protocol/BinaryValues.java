package io.jgr.sql.protocol;

import io.jgr.sql.engine.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Values in the binary protocol (ProtocolBinary::*): fixed-width little-endian integers and
 * IEEE floats, length-prefixed date/time structures, length-encoded strings for the rest.
 * The column's type decides the width, whatever Java class the value has.
 */
public final class BinaryValues {
    private BinaryValues() {
    }

    public static void write(PayloadWriter w, ColumnType type, Object value) {
        switch (type) {
            case TINY -> w.int1((int) asLong(value));
            case SHORT, YEAR -> w.int2((int) asLong(value));
            case LONG, INT24 -> w.int4(asLong(value));
            case LONGLONG -> w.int8(asLong(value));
            case FLOAT -> w.int4(Float.floatToIntBits(((Number) value).floatValue()));
            case DOUBLE -> w.int8(Double.doubleToLongBits(((Number) value).doubleValue()));
            case DATE -> writeDate(w, value);
            case DATETIME, TIMESTAMP -> writeDateTime(w, value);
            case TIME -> writeTime(w, value);
            case NULL -> { }
            default -> w.lenencBytes(bytes(value));
        }
    }

    /** Integers of any class; a BigInteger above Long.MAX_VALUE keeps its low 64 bits (BIGINT UNSIGNED). */
    static long asLong(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof BigInteger i) {
            return i.longValue();
        }
        if (v instanceof BigDecimal d) {
            return d.longValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof byte[] b) { // BIT reported under an integer type
            long r = 0;
            for (byte x : b) {
                r = (r << 8) | (x & 0xFF);
            }
            return r;
        }
        return Long.parseLong(v.toString().trim());
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        return TextValues.format(v, -1).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeDate(PayloadWriter w, Object v) {
        LocalDate d = v instanceof LocalDateTime t ? t.toLocalDate() : (LocalDate) v;
        w.int1(4).int2(d.getYear()).int1(d.getMonthValue()).int1(d.getDayOfMonth());
    }

    private static void writeDateTime(PayloadWriter w, Object v) {
        LocalDateTime t = v instanceof LocalDate d ? d.atStartOfDay() : (LocalDateTime) v;
        int micros = t.getNano() / 1000;
        boolean hasTime = t.getHour() != 0 || t.getMinute() != 0 || t.getSecond() != 0 || micros != 0;
        w.int1(micros != 0 ? 11 : hasTime ? 7 : 4)
                .int2(t.getYear()).int1(t.getMonthValue()).int1(t.getDayOfMonth());
        if (hasTime || micros != 0) {
            w.int1(t.getHour()).int1(t.getMinute()).int1(t.getSecond());
        }
        if (micros != 0) {
            w.int4(micros);
        }
    }

    private static void writeTime(PayloadWriter w, Object v) {
        Duration d = v instanceof LocalTime t ? Duration.ofNanos(t.toNanoOfDay()) : (Duration) v;
        if (d.isZero()) {
            w.int1(0);
            return;
        }
        boolean negative = d.isNegative();
        Duration abs = d.abs();
        long seconds = abs.getSeconds();
        int micros = abs.getNano() / 1000;
        w.int1(micros != 0 ? 12 : 8).int1(negative ? 1 : 0).int4(seconds / 86400)
                .int1((int) (seconds / 3600 % 24)).int1((int) (seconds / 60 % 60)).int1((int) (seconds % 60));
        if (micros != 0) {
            w.int4(micros);
        }
    }
}
