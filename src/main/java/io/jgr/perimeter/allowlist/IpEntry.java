package io.jgr.perimeter.allowlist;

/** An IPv4 or IPv6 address with an optional prefix ({@code /32} or {@code /128} when absent). */
public record IpEntry(String text, CidrRange range) implements AllowlistEntry {
}
