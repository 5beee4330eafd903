package io.jgr.replication;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The 64-bit hash of one key of one row: schema, table, the key's column names and its values.
 * Values are normalised first so that keys the collation considers equal hash equal: strings
 * compare case-insensitively with trailing spaces ignored (PAD SPACE), as jgr's IGNORECASE
 * columns do, and numbers by value whatever their Java class.
 */
public final class KeyHash {
    /** Cloned for each hash: {@code MessageDigest.getInstance} looks the provider up every time. */
    private static final MessageDigest SHA_256 = sha256();

    private KeyHash() {
    }

    public static long of(String schema, String table, List<String> columns, Object[] values) {
        StringBuilder b = new StringBuilder(64);
        b.append(schema.toLowerCase(Locale.ROOT)).append('\u0000').append(table.toLowerCase(Locale.ROOT));
        for (String c : columns) {
            b.append('\u0000').append(c.toLowerCase(Locale.ROOT));
        }
        b.append('\u0001');
        for (Object v : values) {
            b.append('\u0000').append(normalise(v));
        }
        return digest(b.toString());
    }

    /** The canonical text of a key value; public for the tests' tables of equal and different values. */
    public static String normalise(Object v) {
        if (v == null) {
            return "\u0002null";
        }
        if (v instanceof String s) {
            return "s" + s.toLowerCase(Locale.ROOT);
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            return "n" + v;
        }
        if (v instanceof BigDecimal d) {
            return "n" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        }
        if (v instanceof Boolean bool) {
            return "n" + (bool ? 1 : 0);
        }
        if (v instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("x");
            for (byte x : bytes) {
                hex.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            }
            return hex.toString();
        }
        return "o" + v;
    }

    private static long digest(String text) {
        byte[] d = fresh().digest(text.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256(); // a provider whose digest cannot be cloned
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
