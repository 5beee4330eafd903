package io.jgr.sql.protocol;

/** Protocol::HandshakeV10, the server's first packet. */
public final class Greeting {
    /** utf8mb4_0900_ai_ci, MySQL 8's default collation. */
    public static final int CHARSET = 255;

    private Greeting() {
    }

    /** @param nonce 20 bytes without NUL; the first 8 go in part 1, the other 12 + NUL in part 2 */
    public static PayloadWriter encode(String serverVersion, long connectionId, byte[] nonce, int capabilities,
                                       int status, String plugin) {
        PayloadWriter w = new PayloadWriter(96);
        w.int1(10)
                .nulString(serverVersion)
                .int4(connectionId)
                .bytes(nonce, 0, 8)
                .int1(0)
                .int2(capabilities & 0xFFFF)
                .int1(CHARSET)
                .int2(status)
                .int2(capabilities >>> 16)
                .int1(nonce.length + 1)
                .zeros(10)
                .bytes(nonce, 8, nonce.length - 8)
                .int1(0)
                .nulString(plugin);
        return w;
    }
}
