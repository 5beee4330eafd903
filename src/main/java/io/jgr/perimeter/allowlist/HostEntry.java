package io.jgr.perimeter.allowlist;

import java.util.OptionalInt;

/**
 * A host name with an optional prefix. It is resolved when a peer connects, never when the list
 * is set, and it admits only through forward-confirmed reverse DNS ({@link HostCheck}).
 */
public record HostEntry(String text, String host, OptionalInt prefix) implements AllowlistEntry {
}
