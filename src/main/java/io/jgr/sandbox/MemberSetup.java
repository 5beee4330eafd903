package io.jgr.sandbox;

import java.util.List;

/**
 * What the pre-flight checks read of one member: its options (as written in its options file) and
 * the identities its certificate ({@code ssl_cert}) names.
 */
public record MemberSetup(String name, String localAddress, String allowlist, String seeds, String sslMode,
                          String certFile, List<String> certificateNames) {
    public MemberSetup {
        certificateNames = List.copyOf(certificateNames);
    }

    /** The host of a {@code host:port} (IPv6 in brackets), without brackets. */
    static String host(String hostPort) {
        String t = hostPort.trim();
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            return end < 0 ? t : t.substring(1, end);
        }
        int colon = t.lastIndexOf(':');
        return colon < 0 ? t : t.substring(0, colon);
    }

    List<String> seedList() {
        return seeds == null || seeds.isBlank() ? List.of()
                : java.util.Arrays.stream(seeds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
