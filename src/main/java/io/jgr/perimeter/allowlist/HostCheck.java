package io.jgr.perimeter.allowlist;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Forward-confirmed reverse DNS for host entries (jgr decision 3). {@code H} admits a peer when
 * H resolves (IPv4 results only, if there are any) to the peer's address, the peer's address
 * reverse-resolves to H (case-insensitive, trailing dot ignored), and that name resolves back to
 * the address. For {@code H/N} each address A of H counts only if A passes the same check, and the
 * peer must then lie in A/N. Any failed step denies, and the outcome says why.
 */
public final class HostCheck {
    private final HostResolver resolver;

    public HostCheck(HostResolver resolver) {
        this.resolver = resolver;
    }

    /** How a host entry judged a peer. */
    public enum Outcome {
        CONFIRMED, NO_MATCH, UNRESOLVABLE, NO_PTR, SPOOFED, NOT_CONFIRMED, TIMEOUT;

        public boolean admits() {
            return this == CONFIRMED;
        }
    }

    /** The outcome and the steps that led to it, in words an operator can act on. */
    public record Finding(HostEntry entry, Outcome outcome, List<String> notes) {
        public boolean admits() {
            return outcome.admits();
        }
    }

    /** Judges the (normalised) peer address against one host entry. */
    public Finding check(HostEntry entry, byte[] peer) {
        List<String> notes = new ArrayList<>();
        String host = entry.host();
        List<byte[]> addresses;
        try {
            addresses = preferred(resolver.addressesOf(host));
        } catch (UnknownHostException e) {
            notes.add(host + " does not resolve");
            return new Finding(entry, Outcome.UNRESOLVABLE, notes);
        } catch (HostLookupTimeoutException e) {
            notes.add(e.getMessage());
            return new Finding(entry, Outcome.TIMEOUT, notes);
        }
        if (addresses.isEmpty()) {
            notes.add(host + " does not resolve");
            return new Finding(entry, Outcome.UNRESOLVABLE, notes);
        }
        notes.add(host + " resolves to " + texts(addresses));
        Outcome worst = Outcome.NO_MATCH;
        for (byte[] address : addresses) {
            int bits = address.length * 8;
            int prefix = entry.prefix().orElse(bits);
            if (prefix > bits || !CidrRange.of(address, prefix).contains(peer)) {
                continue;
            }
            Outcome outcome = confirm(host, address, notes);
            if (outcome.admits()) {
                if (entry.prefix().isPresent()) {
                    notes.add(IpLiteral.format(peer) + " lies in " + IpLiteral.format(address) + "/" + prefix);
                }
                return new Finding(entry, outcome, notes);
            }
            worst = outcome;
        }
        if (worst == Outcome.NO_MATCH) {
            notes.add(IpLiteral.format(peer) + (entry.prefix().isPresent()
                    ? " lies in no /" + entry.prefix().getAsInt() + " of those addresses"
                    : " is not among them"));
        }
        return new Finding(entry, worst, notes);
    }

    /** The reverse-then-forward check of one address of {@code host}. */
    private Outcome confirm(String host, byte[] address, List<String> notes) {
        String text = IpLiteral.format(address);
        try {
            InetAddress inet = InetAddress.getByAddress(address);
            Optional<String> name = resolver.nameOf(inet);
            if (name.isEmpty()) {
                notes.add(text + " has no reverse (PTR) name");
                return Outcome.NO_PTR;
            }
            if (!sameName(name.get(), host)) {
                notes.add("PTR of " + text + " names " + name.get() + ", not " + host + " (possible spoofing)");
                return Outcome.SPOOFED;
            }
            List<InetAddress> back;
            try {
                back = resolver.addressesOf(name.get());
            } catch (UnknownHostException e) {
                back = List.of();
            }
            for (InetAddress b : back) {
                if (Arrays.equals(Addresses.normalise(b), address)) {
                    notes.add("PTR of " + text + " is " + name.get() + ", which resolves back to " + text + ": confirmed");
                    return Outcome.CONFIRMED;
                }
            }
            notes.add("PTR of " + text + " is " + name.get() + ", which does not resolve back to " + text);
            return Outcome.NOT_CONFIRMED;
        } catch (HostLookupTimeoutException e) {
            notes.add(e.getMessage());
            return Outcome.TIMEOUT;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    /** IPv4 results when there are any (as MySQL prefers them), else all; each normalised. */
    private static List<byte[]> preferred(List<InetAddress> all) {
        boolean anyV4 = all.stream().anyMatch(a -> a instanceof Inet4Address || Addresses.isV4Mapped(a));
        List<byte[]> out = new ArrayList<>();
        for (InetAddress a : all) {
            byte[] n = Addresses.normalise(a);
            if ((n.length == 4) == anyV4 && out.stream().noneMatch(x -> Arrays.equals(x, n))) {
                out.add(n);
            }
        }
        return out;
    }

    static boolean sameName(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String texts(List<byte[]> addresses) {
        return String.join(", ", addresses.stream().map(IpLiteral::format).toList());
    }
}
