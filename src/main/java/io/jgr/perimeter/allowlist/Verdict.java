package io.jgr.perimeter.allowlist;

import java.util.List;

/**
 * The decision about one peer and what made it: the entry that admitted it, or the reason it
 * was admitted or refused, with the FCrDNS findings of any host entries consulted.
 *
 * @param address the peer as matched (normalised: IPv4-mapped IPv6 shown as IPv4)
 * @param entry   the deciding entry's text, or null when a reason other than an entry decided
 */
public record Verdict(String address, boolean admitted, Reason reason, String entry, List<HostCheck.Finding> hostFindings) {

    /** Why a peer was admitted or refused. */
    public enum Reason {
        LOCALHOST("localhost is always admitted"),
        IP_ENTRY("matches entry"),
        HOST_ENTRY("host entry confirmed by forward-confirmed reverse DNS"),
        GROUP_MEMBER("current group member"),
        NOT_IN_ALLOWLIST("Address is not in the IP allowlist.");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public Verdict {
        hostFindings = List.copyOf(hostFindings);
    }

    /** One line, e.g. {@code ADMITTED 10.1.2.3 by entry 10.0.0.0/8}. */
    public String summary() {
        String head = (admitted ? "ADMITTED " : "REFUSED  ") + address + " ";
        return switch (reason) {
            case IP_ENTRY -> head + "by entry " + entry;
            case HOST_ENTRY -> head + "by entry " + entry + " (" + reason.words() + ")";
            default -> head + "(" + reason.words() + ")";
        };
    }
}
