package io.jgr.store.account;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * MySQL's account host matching, without name resolution (as with skip_name_resolve): '%',
 * LIKE patterns with % and _ against the client's address, IPv4 address/netmask, literal
 * addresses, and 'localhost' for loopback clients.
 */
public final class HostPattern {
    private HostPattern() {
    }

    public static boolean matches(String pattern, InetAddress client) {
        if (pattern.isEmpty() || pattern.equals("%")) {
            return true;
        }
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.equals("localhost")) {
            return client.isLoopbackAddress();
        }
        String address = client.getHostAddress().toLowerCase(Locale.ROOT);
        int slash = p.indexOf('/');
        if (slash > 0 && client instanceof Inet4Address) {
            long ip = ipv4(p.substring(0, slash));
            long mask = ipv4(p.substring(slash + 1));
            return ip >= 0 && mask >= 0 && (ipv4(address) & mask) == ip;
        }
        if (p.indexOf('%') >= 0 || p.indexOf('_') >= 0) {
            return like(p, 0, address, 0);
        }
        try {
            if (p.indexOf(':') >= 0 || Character.isDigit(p.charAt(0))) {
                return InetAddress.getByName(p).equals(client); // a literal address: parsed, never resolved
            }
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        return false; // host names would need DNS: not matched
    }

    /** Sort rank: lower is more specific (literal hosts, then patterns by wildcard position, '%' last). */
    public static int specificity(String pattern) {
        if (pattern.isEmpty() || pattern.equals("%")) {
            return Integer.MAX_VALUE;
        }
        int w = firstWildcard(pattern);
        return w < 0 ? 0 : 1_000_000 - w;
    }

    private static int firstWildcard(String p) {
        int a = p.indexOf('%');
        int b = p.indexOf('_');
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private static boolean like(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (like(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '_' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    private static long ipv4(String s) {
        String[] parts = s.split("\\.");
        if (parts.length != 4) {
            return -1;
        }
        long v = 0;
        for (String part : parts) {
            try {
                int x = Integer.parseInt(part);
                if (x < 0 || x > 255) {
                    return -1;
                }
                v = (v << 8) | x;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return v;
    }
}
