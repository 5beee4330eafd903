package io.jgr.perimeter.allowlist;

import java.util.ArrayList;
import java.util.List;

/**
 * The plain reference: MySQL's rule written as directly as possible, one entry after another,
 * {@code (peer & mask) == (entry & mask)} byte by byte, same family only. The compiled
 * {@link RangeSet} must always agree with it; the benchmark measures it as the linear scan.
 */
public final class LinearReferenceMatcher {
    private final List<byte[]> addresses = new ArrayList<>();
    private final List<Integer> prefixes = new ArrayList<>();

    public LinearReferenceMatcher add(byte[] address, int prefix) {
        addresses.add(address.clone());
        prefixes.add(prefix);
        return this;
    }

    /** {@code peer} must already be normalised (IPv4-mapped given as 4 bytes). */
    public boolean matches(byte[] peer) {
        for (int i = 0; i < addresses.size(); i++) {
            byte[] entry = addresses.get(i);
            if (entry.length != peer.length) {
                continue;
            }
            int prefix = prefixes.get(i);
            boolean same = true;
            for (int b = 0; b < entry.length && same; b++) {
                int bits = Math.max(0, Math.min(8, prefix - 8 * b));
                int mask = bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff;
                same = (entry[b] & mask) == (peer[b] & mask);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }
}
