package io.jgr.sql.auth;

import java.security.MessageDigest;

/**
 * mysql_native_password: the client sends {@code SHA1(pw) XOR SHA1(nonce ‖ SHA1(SHA1(pw)))}; the
 * server keeps {@code SHA1(SHA1(pw))}, recovers the candidate {@code SHA1(pw)} and checks that
 * its SHA1 is the stored hash.
 */
public final class NativePassword {
    private NativePassword() {
    }

    /** True if {@code response} proves knowledge of the password behind {@code storedHash} (empty = no password). */
    public static boolean verify(byte[] nonce, byte[] response, byte[] storedHash) {
        if (storedHash.length == 0) {
            return response.length == 0;
        }
        if (response.length != 20 || storedHash.length != 20) {
            return false;
        }
        MessageDigest sha1 = Digests.sha1();
        sha1.update(nonce);
        sha1.update(storedHash);
        byte[] candidate = Digests.xor(response, sha1.digest());
        return MessageDigest.isEqual(Digests.sha1().digest(candidate), storedHash);
    }

    /** What a client computes; for tests and the recovery client's documentation. */
    public static byte[] scramble(byte[] nonce, String password) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = Digests.sha1().digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        MessageDigest sha1 = Digests.sha1();
        sha1.update(nonce);
        sha1.update(Digests.sha1().digest(stage1));
        return Digests.xor(stage1, sha1.digest());
    }
}
