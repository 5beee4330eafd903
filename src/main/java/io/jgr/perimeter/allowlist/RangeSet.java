package io.jgr.perimeter.allowlist;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The compiled matcher for IP entries: per family, the entries' blocks sorted by first address and
 * merged into disjoint ranges, so a check is one binary search (O(log n)) over primitive arrays,
 * with no allocation and no DNS. Immutable; safe to share between threads.
 */
public final class RangeSet {
    private static final Comparator<CidrRange> BY_FIRST =
            (a, b) -> Addresses.compare(a.firstHi(), a.firstLo(), b.firstHi(), b.firstLo());

    /** IPv4 bounds with the sign bit flipped, so signed int order is unsigned address order (half the memory of longs). */
    private final int[] v4First;
    private final int[] v4Last;
    private final long[] v6FirstHi;
    private final long[] v6FirstLo;
    private final long[] v6LastHi;
    private final long[] v6LastLo;

    private RangeSet(int[] v4First, int[] v4Last, long[] v6FirstHi, long[] v6FirstLo, long[] v6LastHi, long[] v6LastLo) {
        this.v4First = v4First;
        this.v4Last = v4Last;
        this.v6FirstHi = v6FirstHi;
        this.v6FirstLo = v6FirstLo;
        this.v6LastHi = v6LastHi;
        this.v6LastLo = v6LastLo;
    }

    public static RangeSet of(Collection<CidrRange> ranges) {
        List<CidrRange> v4 = new ArrayList<>();
        List<CidrRange> v6 = new ArrayList<>();
        for (CidrRange r : ranges) {
            (r.isV6() ? v6 : v4).add(r);
        }
        v4.sort(BY_FIRST);
        v6.sort(BY_FIRST);
        long[][] a = merge(v4);
        long[][] b = merge(v6);
        return new RangeSet(flipped(a[1]), flipped(a[3]), b[0], b[1], b[2], b[3]);
    }

    private static int[] flipped(long[] unsigned32) {
        int[] out = new int[unsigned32.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) unsigned32[i] ^ Integer.MIN_VALUE;
        }
        return out;
    }

    /** Merges sorted ranges that overlap or touch; returns {firstHi, firstLo, lastHi, lastLo}. */
    private static long[][] merge(List<CidrRange> sorted) {
        long[] fHi = new long[sorted.size()];
        long[] fLo = new long[sorted.size()];
        long[] lHi = new long[sorted.size()];
        long[] lLo = new long[sorted.size()];
        int n = 0;
        for (CidrRange r : sorted) {
            if (n > 0 && touches(lHi[n - 1], lLo[n - 1], r.firstHi(), r.firstLo())) {
                if (Addresses.compare(r.lastHi(), r.lastLo(), lHi[n - 1], lLo[n - 1]) > 0) {
                    lHi[n - 1] = r.lastHi();
                    lLo[n - 1] = r.lastLo();
                }
                continue;
            }
            fHi[n] = r.firstHi();
            fLo[n] = r.firstLo();
            lHi[n] = r.lastHi();
            lLo[n] = r.lastLo();
            n++;
        }
        return new long[][] {
            java.util.Arrays.copyOf(fHi, n), java.util.Arrays.copyOf(fLo, n),
            java.util.Arrays.copyOf(lHi, n), java.util.Arrays.copyOf(lLo, n)};
    }

    /** True when the range ending at {@code last} overlaps or is adjacent to one starting at {@code first}. */
    private static boolean touches(long lastHi, long lastLo, long firstHi, long firstLo) {
        if (Addresses.compare(firstHi, firstLo, lastHi, lastLo) <= 0) {
            return true;
        }
        if (lastHi == -1L && lastLo == -1L) {
            return true;
        }
        long nextLo = lastLo + 1;
        long nextHi = nextLo == 0 ? lastHi + 1 : lastHi;
        return nextHi == firstHi && nextLo == firstLo;
    }

    /** Whether the peer lies in any range; IPv4-mapped IPv6 peers are checked as IPv4. */
    public boolean contains(InetAddress peer) {
        return contains(peer.getAddress());
    }

    /** Whether the address (4 bytes, or 16 bytes, IPv4-mapped ones checked as IPv4) lies in any range. */
    public boolean contains(byte[] a) {
        if (a.length == 4) {
            return containsV4((int) Addresses.v4Value(a));
        }
        if (Addresses.isV4Mapped(a)) {
            return containsV4(((a[12] & 0xff) << 24) | ((a[13] & 0xff) << 16) | ((a[14] & 0xff) << 8) | (a[15] & 0xff));
        }
        return containsV6(Addresses.longAt(a, 0), Addresses.longAt(a, 8));
    }

    /** Whether the IPv4 address (as a 32-bit value) lies in any IPv4 range. */
    public boolean containsV4(int address) {
        int key = address ^ Integer.MIN_VALUE;
        int lo = 0;
        int hi = v4First.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v4First[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && key <= v4Last[found];
    }

    /** Whether the IPv6 address {@code hi:lo} lies in any IPv6 range. */
    public boolean containsV6(long addrHi, long addrLo) {
        int lo = 0;
        int hi = v6FirstHi.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Addresses.compare(v6FirstHi[mid], v6FirstLo[mid], addrHi, addrLo) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && Addresses.compare(addrHi, addrLo, v6LastHi[found], v6LastLo[found]) <= 0;
    }

    /** Number of disjoint ranges after merging (IPv4 plus IPv6). */
    public int size() {
        return v4First.length + v6FirstHi.length;
    }
}
