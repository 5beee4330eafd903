package io.jgr.perimeter.allowlist;

/** One comma-separated item of an explicit list, with its text as the operator wrote it (spaces removed). */
public sealed interface AllowlistEntry permits IpEntry, HostEntry {
    String text();
}
