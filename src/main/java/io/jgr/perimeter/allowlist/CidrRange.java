package io.jgr.perimeter.allowlist;

import java.util.Objects;

/**
 * One address family's block {@code address/prefix}, kept as its first and last address so that
 * ranges can be sorted, merged and binary-searched. IPv4 values live in the low 32 bits of
 * {@code lo}; IPv6 values span {@code hi:lo}. The two families never compare equal or overlap.
 */
public final class CidrRange {
    public static final int V4_BITS = 32;
    public static final int V6_BITS = 128;

    private final boolean v6;
    private final int prefix;
    private final long firstHi;
    private final long firstLo;
    private final long lastHi;
    private final long lastLo;

    private CidrRange(boolean v6, int prefix, long firstHi, long firstLo, long lastHi, long lastLo) {
        this.v6 = v6;
        this.prefix = prefix;
        this.firstHi = firstHi;
        this.firstLo = firstLo;
        this.lastHi = lastHi;
        this.lastLo = lastLo;
    }

    /** The block of {@code address} (4 or 16 bytes) with {@code prefix} leading bits; host bits are ignored. */
    public static CidrRange of(byte[] address, int prefix) {
        boolean v6 = address.length == 16;
        if (!v6 && address.length != 4) {
            throw new IllegalArgumentException("not an IP address: " + address.length + " bytes");
        }
        int bits = v6 ? V6_BITS : V4_BITS;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix " + prefix + " outside 0.." + bits);
        }
        if (!v6) {
            long value = Addresses.v4Value(address);
            long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            long first = value & mask;
            return new CidrRange(false, prefix, 0, first, 0, first | (~mask & 0xFFFF_FFFFL));
        }
        long hi = Addresses.longAt(address, 0);
        long lo = Addresses.longAt(address, 8);
        long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new CidrRange(true, prefix, hi & hiMask, lo & loMask, (hi & hiMask) | ~hiMask, (lo & loMask) | ~loMask);
    }

    public boolean isV6() {
        return v6;
    }

    public int prefix() {
        return prefix;
    }

    long firstHi() {
        return firstHi;
    }

    long firstLo() {
        return firstLo;
    }

    long lastHi() {
        return lastHi;
    }

    long lastLo() {
        return lastLo;
    }

    /** True when {@code peer} (normalised, see {@link Addresses#normalise}) lies in this block. */
    public boolean contains(byte[] peer) {
        if ((peer.length == 16) != v6) {
            return false;
        }
        if (!v6) {
            long value = Addresses.v4Value(peer);
            return value >= firstLo && value <= lastLo;
        }
        long hi = Addresses.longAt(peer, 0);
        long lo = Addresses.longAt(peer, 8);
        return Addresses.compare(hi, lo, firstHi, firstLo) >= 0 && Addresses.compare(hi, lo, lastHi, lastLo) <= 0;
    }

    /** The network address and prefix, e.g. {@code 10.0.0.0/8}. */
    @Override
    public String toString() {
        byte[] first = v6 ? Addresses.bytes(firstHi, firstLo) : Addresses.v4Bytes(firstLo);
        return IpLiteral.format(first) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrRange r && r.v6 == v6 && r.prefix == prefix && r.firstHi == firstHi && r.firstLo == firstLo;
    }

    @Override
    public int hashCode() {
        return Objects.hash(v6, prefix, firstHi, firstLo);
    }
}
