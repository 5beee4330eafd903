package io.jgr.perimeter.allowlist;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A list ready for accept-time checks: the effective entries (the AUTOMATIC scan, or the explicit
 * entries plus localhost), their IP blocks compiled into a {@link RangeSet}, and the host entries
 * to resolve per check. Compiling logs what MySQL logs when GCS configures the list.
 */
public final class CompiledAllowlist {
    private static final Set<String> LOCALHOST_V4_TEXTS = Set.of("127.0.0.1/32", "localhost/32", "::ffff:127.0.0.1/128");
    private static final Set<String> LOCALHOST_V6_TEXTS = Set.of("::1/128");

    private final Allowlist source;
    private final List<AllowlistEntry> effective;
    private final List<IpEntry> ipEntries;
    private final List<HostEntry> hostEntries;
    private final RangeSet ranges;

    private CompiledAllowlist(Allowlist source, List<AllowlistEntry> effective) {
        this.source = source;
        this.effective = List.copyOf(effective);
        List<IpEntry> ips = new ArrayList<>();
        List<HostEntry> hosts = new ArrayList<>();
        for (AllowlistEntry e : effective) {
            if (e instanceof IpEntry ip) {
                ips.add(ip);
            } else {
                hosts.add((HostEntry) e);
            }
        }
        this.ipEntries = List.copyOf(ips);
        this.hostEntries = List.copyOf(hosts);
        this.ranges = RangeSet.of(ips.stream().map(IpEntry::range).toList());
    }

    /**
     * Compiles {@code list}: AUTOMATIC scans {@code interfaces} and logs the ranges added; an
     * explicit list gets 127.0.0.1/32 and ::1/128 (with MySQL's two warnings) unless it names them.
     */
    public static CompiledAllowlist compile(Allowlist list, NetworkInterfaces interfaces) {
        if (list.isAutomatic()) {
            AutomaticAllowlist.Scan scan = new AutomaticAllowlist(interfaces).scanAndLog();
            return new CompiledAllowlist(list, new ArrayList<>(scan.entries()));
        }
        List<AllowlistEntry> effective = new ArrayList<>(list.entries());
        if (!names(list, LOCALHOST_V4_TEXTS)) {
            ErrorLog.gcs(LogLevel.WARNING, AllowlistMessages.LOCALHOST_V4);
            effective.add(new IpEntry("127.0.0.1/32", CidrRange.of(new byte[] {127, 0, 0, 1}, 32)));
        }
        if (!names(list, LOCALHOST_V6_TEXTS)) {
            ErrorLog.gcs(LogLevel.WARNING, AllowlistMessages.LOCALHOST_V6);
            effective.add(new IpEntry("::1/128", CidrRange.of(IpLiteral.parseV6("::1"), 128)));
        }
        return new CompiledAllowlist(list, effective);
    }

    /** Compiles with the host's real interfaces for AUTOMATIC. */
    public static CompiledAllowlist compile(Allowlist list) {
        return compile(list, NetworkInterfaces.jdk());
    }

    /** MySQL looks for these exact texts (case-insensitive, mask required). */
    private static boolean names(Allowlist list, Set<String> texts) {
        for (AllowlistEntry e : list.entries()) {
            if (texts.contains(e.text().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    public Allowlist source() {
        return source;
    }

    /** The entries in force: the scan for AUTOMATIC, else the list plus any localhost entries added. */
    public List<AllowlistEntry> effectiveEntries() {
        return effective;
    }

    public List<HostEntry> hostEntries() {
        return hostEntries;
    }

    /** The compiled IP blocks (the hot path). */
    public RangeSet ranges() {
        return ranges;
    }

    /** The first IP entry (in list order) containing the normalised address, or null: for explanations, not the hot path. */
    public IpEntry firstIpEntryContaining(byte[] normalised) {
        for (IpEntry e : ipEntries) {
            if (e.range().contains(normalised)) {
                return e;
            }
        }
        return null;
    }
}
