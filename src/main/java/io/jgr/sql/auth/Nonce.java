package io.jgr.sql.auth;

import java.security.SecureRandom;

/**
 * The 20-byte challenge ("scramble") of the greeting. Bytes are 7-bit and never 0 (the second
 * part travels NUL-terminated) nor '$' (MySQL avoids it too, as it separates fields of stored hashes).
 */
public final class Nonce {
    public static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Nonce() {
    }

    public static byte[] generate() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            int v = b[i] & 0x7F;
            if (v == 0 || v == '$') {
                v++;
            }
            b[i] = (byte) v;
        }
        return b;
    }
}
