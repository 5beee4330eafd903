package io.jgr.sql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * caching_sha2_password. Fast path: the client sends {@code SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) ‖ nonce)};
 * the server keeps {@code SHA256(SHA256(pw))} per account (so the "cache" is always warm),
 * recovers the candidate {@code SHA256(pw)} and checks its SHA256. Full path: the client sends
 * the password itself (over TLS only), checked against the same hash.
 */
public final class CachingSha2Password {
    /** Second byte after 0x01 in the AuthMoreData packet: scramble accepted. */
    public static final int FAST_AUTH_SUCCESS = 3;
    /** Second byte after 0x01: send the password (cleartext over TLS, or RSA). */
    public static final int PERFORM_FULL_AUTHENTICATION = 4;
    /** What a client sends instead of a password to ask for the server's RSA public key. */
    public static final int REQUEST_PUBLIC_KEY = 2;

    private CachingSha2Password() {
    }

    public static boolean verifyScramble(byte[] nonce, byte[] response, byte[] storedHash) {
        if (storedHash.length == 0) {
            return isEmptyResponse(response);
        }
        if (response.length != 32 || storedHash.length != 32) {
            return false;
        }
        MessageDigest sha = Digests.sha256();
        sha.update(storedHash);
        sha.update(nonce);
        byte[] candidate = Digests.xor(response, sha.digest());
        return MessageDigest.isEqual(Digests.sha256().digest(candidate), storedHash);
    }

    /** Full path: {@code password} is what the client sent, with or without its trailing NUL. */
    public static boolean verifyCleartext(byte[] password, byte[] storedHash) {
        int n = password.length;
        if (n > 0 && password[n - 1] == 0) {
            n--;
        }
        if (storedHash.length == 0) {
            return n == 0;
        }
        MessageDigest sha = Digests.sha256();
        sha.update(password, 0, n);
        byte[] stage1 = sha.digest();
        boolean ok = MessageDigest.isEqual(Digests.sha256().digest(stage1), storedHash);
        java.util.Arrays.fill(stage1, (byte) 0);
        return ok;
    }

    /** libmariadb sends a lone NUL for an empty password, Connector/J nothing. */
    public static boolean isEmptyResponse(byte[] response) {
        return response.length == 0 || (response.length == 1 && response[0] == 0);
    }

    /** What a client computes; for tests. */
    public static byte[] scramble(byte[] nonce, String password) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = Digests.sha256().digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = Digests.sha256().digest(stage1);
        MessageDigest sha = Digests.sha256();
        sha.update(stage2);
        sha.update(nonce);
        return Digests.xor(stage1, sha.digest());
    }
}
