package io.jgr.sql.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1 / SHA-256 instances and the XOR the scrambles use. */
final class Digests {
    private Digests() {
    }

    static MessageDigest sha1() {
        return get("SHA-1");
    }

    static MessageDigest sha256() {
        return get("SHA-256");
    }

    private static MessageDigest get(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (byte) (a[i] ^ b[i % b.length]);
        }
        return r;
    }
}
