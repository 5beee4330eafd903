package io.jgr.sql.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes the parameter block of COM_STMT_EXECUTE: a NULL bitmap, the new-params-bound flag,
 * then (if set) two bytes of type per parameter (type code, 0x80 = unsigned), then the values.
 * Types are remembered per statement because a client may send them only on the first execute.
 * Values become the Java classes of {@link io.jgr.sql.engine.Result.Rows}: Long (BigInteger for
 * unsigned values above Long.MAX_VALUE), Float, Double, BigDecimal, String, byte[], LocalDate,
 * LocalDateTime, Duration. String-typed values that are not UTF-8 stay byte[] (see {@link #text}).
 */
public final class BinaryParameters {
    private static final int UNSIGNED = 0x8000;

    private BinaryParameters() {
    }

    /**
     * @param types    the types bound so far, one per parameter (updated in place when the client binds new ones);
     *                 -1 while none were ever sent
     * @param longData values streamed by COM_STMT_SEND_LONG_DATA, by parameter index; these are not in the packet
     */
    public static List<Object> decode(PayloadReader r, int[] types, Map<Integer, byte[]> longData) {
        int n = types.length;
        List<Object> values = new ArrayList<>(n);
        if (n == 0) {
            return values;
        }
        byte[] nulls = r.bytes((n + 7) / 8);
        if (r.int1() == 1) {
            for (int i = 0; i < n; i++) {
                types[i] = r.int2();
            }
        } else if (types[0] < 0) {
            throw new MalformedPacketException("parameters without their types");
        }
        for (int i = 0; i < n; i++) {
            byte[] streamed = longData.get(i);
            if (streamed != null) {
                values.add(isBinary(types[i] & 0xFF) ? streamed : text(streamed));
            } else if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
                values.add(null);
            } else {
                values.add(value(r, types[i]));
            }
        }
        return values;
    }

    static Object value(PayloadReader r, int typeAndFlags) {
        boolean unsigned = (typeAndFlags & UNSIGNED) != 0;
        int type = typeAndFlags & 0xFF;
        return switch (type) {
            case 6 -> null; // NULL
            case 1 -> unsigned ? (long) r.int1() : (long) (byte) r.int1(); // TINY
            case 2, 13 -> unsigned ? (long) r.int2() : (long) (short) r.int2(); // SHORT, YEAR
            case 3, 9 -> unsigned ? r.int4() : (long) (int) r.int4(); // LONG, INT24
            case 8 -> longlong(r.int8(), unsigned); // LONGLONG
            case 4 -> Float.intBitsToFloat((int) r.int4()); // FLOAT
            case 5 -> Double.longBitsToDouble(r.int8()); // DOUBLE
            case 0, 246 -> new BigDecimal(r.lenencString().trim()); // DECIMAL, NEWDECIMAL
            case 10 -> dateTime(r, true); // DATE
            case 7, 12 -> dateTime(r, false); // TIMESTAMP, DATETIME
            case 11 -> time(r); // TIME
            case 249, 250, 251, 252, 255, 16 -> r.lenencBytes(); // blobs, GEOMETRY, BIT
            default -> text(r.lenencBytes()); // VARCHAR, VAR_STRING, STRING, ENUM, SET, JSON
        };
    }

    /**
     * Clients send byte arrays under string types too (Connector/J's setBytes), so a string that
     * is not valid UTF-8 stays byte[]; a valid one becomes a String, whose UTF-8 bytes are the
     * original ones, so nothing is lost either way.
     */
    static Object text(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return b;
        }
    }

    private static boolean isBinary(int type) {
        return type == 249 || type == 250 || type == 251 || type == 252 || type == 255 || type == 16;
    }

    private static Object longlong(long v, boolean unsigned) {
        if (unsigned && v < 0) {
            return new BigInteger(Long.toUnsignedString(v));
        }
        return v;
    }

    /** Length 0, 4, 7 or 11; length 0 is the zero date, which Java cannot represent, so it stays text. */
    private static Object dateTime(PayloadReader r, boolean dateOnly) {
        int len = r.int1();
        if (len == 0) {
            return dateOnly ? "0000-00-00" : "0000-00-00 00:00:00";
        }
        int year = r.int2();
        int month = r.int1();
        int day = r.int1();
        int hour = 0;
        int minute = 0;
        int second = 0;
        int micros = 0;
        if (len >= 7) {
            hour = r.int1();
            minute = r.int1();
            second = r.int1();
        }
        if (len >= 11) {
            micros = (int) r.int4();
        }
        if (month == 0 || day == 0) {
            String d = String.format("%04d-%02d-%02d", year, month, day);
            return dateOnly ? d : d + String.format(" %02d:%02d:%02d", hour, minute, second);
        }
        if (dateOnly) {
            return LocalDate.of(year, month, day);
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
    }

    /** Length 0, 8 or 12: sign, days, hours, minutes, seconds, microseconds. */
    private static Duration time(PayloadReader r) {
        int len = r.int1();
        if (len == 0) {
            return Duration.ZERO;
        }
        boolean negative = r.int1() == 1;
        long days = r.int4();
        int hours = r.int1();
        int minutes = r.int1();
        int seconds = r.int1();
        long micros = len >= 12 ? r.int4() : 0;
        Duration d = Duration.ofDays(days).plusHours(hours).plusMinutes(minutes).plusSeconds(seconds)
                .plusNanos(micros * 1000);
        return negative ? d.negated() : d;
    }
}
