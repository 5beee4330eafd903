package io.jgr.sql.engine;

/**
 * What the protocol needs to authenticate a client. Only hashes are kept, never the password:
 * {@code nativeHash} = SHA1(SHA1(password)) (20 bytes) for mysql_native_password, and
 * {@code sha2Hash} = SHA256(SHA256(password)) (32 bytes) for caching_sha2_password's fast path;
 * both are empty arrays for an account without a password.
 *
 * @param plugin the account's authentication plugin, e.g. "caching_sha2_password"
 */
public record Account(String user, String host, String plugin, byte[] nativeHash, byte[] sha2Hash,
                      TlsRequirement tlsRequirement, boolean locked) {
}
