package io.jgr.sql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The password hashes an account keeps instead of its password (see
 * {@link io.jgr.sql.engine.Account}). The protocol verifies a client's scramble against them.
 */
public final class PasswordHashes {
    private static final byte[] NONE = new byte[0];

    private PasswordHashes() {
    }

    /** SHA1(SHA1(password)), as mysql_native_password stores it; empty for an empty password. */
    public static byte[] nativeHash(String password) {
        if (password.isEmpty()) {
            return NONE;
        }
        return digest("SHA-1", digest("SHA-1", password.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA256(SHA256(password)): enough for caching_sha2_password's fast path without a cache; empty for an empty password. */
    public static byte[] sha2Hash(String password) {
        if (password.isEmpty()) {
            return NONE;
        }
        return digest("SHA-256", digest("SHA-256", password.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
