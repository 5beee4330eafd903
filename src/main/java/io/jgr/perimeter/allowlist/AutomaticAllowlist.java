package io.jgr.perimeter.allowlist;

import io.jgr.perimeter.allowlist.NetworkInterfaces.InterfaceAddressInfo;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * AUTOMATIC: the subnets ({@code address/prefix}) of the host's <em>up</em> interfaces whose
 * subnet lies inside 10/8, 172.16/12, 192.168/16, fc00::/7 or fe80::/10, plus 127.0.0.1/8 and
 * ::1/128 always. (MySQL scans down interfaces too and recognises IPv6 only by the text prefixes
 * {@code fd} and {@code fe80}; see docs/allowlist.md.)
 */
public final class AutomaticAllowlist {
    private static final List<CidrRange> PRIVATE = List.of(
            range("10.0.0.0", 8), range("172.16.0.0", 12), range("192.168.0.0", 16),
            range("fc00::", 7), range("fe80::", 10));
    static final String LOOPBACK_V4 = "127.0.0.1/8";
    static final String LOOPBACK_V6 = "::1/128";

    private final NetworkInterfaces interfaces;

    public AutomaticAllowlist(NetworkInterfaces interfaces) {
        this.interfaces = interfaces;
    }

    /** What the scan decided for one interface address. */
    public record Finding(String interfaceName, String subnet, boolean kept, String why) {
        @Override
        public String toString() {
            return (kept ? "KEPT    " : "SKIPPED ") + interfaceName + " " + subnet + " (" + why + ")";
        }
    }

    /** The result of one scan: the ranges kept, in the order found, and a finding per address. */
    public record Scan(List<IpEntry> entries, List<Finding> findings) {
        public List<String> texts() {
            return entries.stream().map(IpEntry::text).toList();
        }
    }

    /** Scans now, without logging. */
    public Scan scan() {
        List<InterfaceAddressInfo> found;
        List<Finding> findings = new ArrayList<>();
        try {
            found = interfaces.list();
        } catch (IOException | RuntimeException e) {
            ErrorLog.gcs(LogLevel.WARNING,
                    "Unable to probe any network interface for IP and netmask information. No addresses collected!");
            found = List.of();
        }
        // MySQL's order: IPv4 loopback, IPv4 subnets, IPv6 loopback, IPv6 subnets.
        Set<String> keptV4 = new LinkedHashSet<>();
        Set<String> keptV6 = new LinkedHashSet<>();
        keptV4.add(LOOPBACK_V4);
        keptV6.add(LOOPBACK_V6);
        for (InterfaceAddressInfo info : found) {
            byte[] address = Addresses.normalise(info.address());
            if (info.prefix() < 0 || info.prefix() > address.length * 8) {
                findings.add(new Finding(info.interfaceName(), IpLiteral.format(address) + "/" + info.prefix(), false, "no usable prefix"));
                continue;
            }
            String subnet = IpLiteral.format(address) + "/" + info.prefix();
            Finding finding;
            if (isLoopback(address)) {
                finding = new Finding(info.interfaceName(), subnet, false, "loopback: " + LOOPBACK_V4 + " and " + LOOPBACK_V6 + " are always added");
            } else if (!info.up()) {
                finding = new Finding(info.interfaceName(), subnet, false, "interface is down");
            } else if (!isPrivate(CidrRange.of(address, info.prefix()))) {
                finding = new Finding(info.interfaceName(), subnet, false, "not a private subnet");
            } else {
                finding = new Finding(info.interfaceName(), subnet, true, "private subnet");
                (address.length == 4 ? keptV4 : keptV6).add(subnet);
            }
            findings.add(finding);
        }
        List<String> kept = new ArrayList<>(keptV4);
        kept.addAll(keptV6);
        List<IpEntry> entries = new ArrayList<>();
        for (String text : kept) {
            int slash = text.indexOf('/');
            entries.add(new IpEntry(text, CidrRange.of(IpLiteral.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)))));
        }
        return new Scan(List.copyOf(entries), List.copyOf(findings));
    }

    /** Scans and logs {@code [GCS] Added automatically IP ranges … to the allowlist}, as START does. */
    public Scan scanAndLog() {
        Scan scan = scan();
        ErrorLog.gcs(LogLevel.NOTE, AllowlistMessages.addedAutomatically(scan.texts()));
        return scan;
    }

    /** True when the whole subnet lies inside one of the private blocks. */
    static boolean isPrivate(CidrRange subnet) {
        for (CidrRange block : PRIVATE) {
            if (block.isV6() == subnet.isV6() && subnet.prefix() >= block.prefix()
                    && block.contains(subnet.isV6() ? Addresses.bytes(subnet.firstHi(), subnet.firstLo()) : Addresses.v4Bytes(subnet.firstLo()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[15] == 1;
    }

    private static CidrRange range(String address, int prefix) {
        return CidrRange.of(IpLiteral.parse(address), prefix);
    }
}
