package io.jgr.perimeter.allowlist;

import java.util.List;

/** The error-log texts of the allowlist, worded exactly as MySQL 8 (after the {@code [GCS] } prefix). */
public final class AllowlistMessages {
    public static final String LOCALHOST_V4 =
            "Automatically adding IPv4 localhost address to the allowlist. It is mandatory that it is added.";
    public static final String LOCALHOST_V6 =
            "Automatically adding IPv6 localhost address to the allowlist. It is mandatory that it is added.";
    public static final String RUNTIME_INVALID = "The ip_allowlist parameter is not valid";

    private AllowlistMessages() {
    }

    public static String invalidEntry(String entry) {
        return "Invalid IP or subnet mask in the allowlist: " + entry;
    }

    public static String addedAutomatically(List<String> ranges) {
        return "Added automatically IP ranges " + String.join(",", ranges) + " to the allowlist";
    }

    public static String hostNotResolvable(String host) {
        return "Hostname " + host + " in Allowlist configuration was not resolvable. Please check your Allowlist configuration.";
    }

    /** {@code address} as MySQL prints a refused peer (see {@link Addresses#asMySqlSees}). */
    public static String refused(String address) {
        return "Connection attempt from IP address " + address + " refused. Address is not in the IP allowlist.";
    }
}
