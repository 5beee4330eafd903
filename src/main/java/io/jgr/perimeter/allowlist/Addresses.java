package io.jgr.perimeter.allowlist;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Byte and long views of addresses, and the one rule for comparing peers: IPv4-mapped IPv6 is IPv4. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * The peer's address as matching sees it: 4 bytes for IPv4 and for IPv4-mapped IPv6
     * ({@code ::ffff:a.b.c.d}, which a dual-stack socket reports), else 16 bytes.
     */
    public static byte[] normalise(InetAddress peer) {
        return normalise(peer.getAddress());
    }

    /** As {@link #normalise(InetAddress)}, for raw bytes. */
    public static byte[] normalise(byte[] address) {
        if (address.length == 16 && isV4Mapped(address)) {
            byte[] v4 = new byte[4];
            System.arraycopy(address, 12, v4, 0, 4);
            return v4;
        }
        return address;
    }

    static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** True for an {@link Inet6Address} holding an IPv4-mapped address (the JDK usually hands out Inet4Address instead). */
    static boolean isV4Mapped(InetAddress peer) {
        return peer instanceof Inet6Address && isV4Mapped(peer.getAddress());
    }

    /**
     * How MySQL names a peer in its refusal line: XCom listens dual-stack, so IPv4 peers appear in
     * their mapped form {@code ::ffff:a.b.c.d}; IPv6 peers as {@code inet_ntop} prints them.
     */
    public static String asMySqlSees(InetAddress peer) {
        byte[] a = normalise(peer);
        return a.length == 4 ? "::ffff:" + IpLiteral.format(a) : IpLiteral.format(a);
    }

    /** The normalised address as text, e.g. {@code 10.0.0.1} or {@code fe80::1}. */
    public static String text(InetAddress peer) {
        return IpLiteral.format(normalise(peer));
    }

    static long v4Value(byte[] a) {
        return ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
    }

    static long longAt(byte[] a, int offset) {
        long v = 0;
        for (int i = offset; i < offset + 8; i++) {
            v = (v << 8) | (a[i] & 0xffL);
        }
        return v;
    }

    static byte[] v4Bytes(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] bytes(long hi, long lo) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (hi >>> (56 - 8 * i));
            out[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return out;
    }

    /** Unsigned 128-bit comparison of {@code aHi:aLo} with {@code bHi:bLo}. */
    static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
