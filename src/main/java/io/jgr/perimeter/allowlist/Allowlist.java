package io.jgr.perimeter.allowlist;

import java.util.List;
import java.util.Locale;

/**
 * A validated value of {@code group_replication_ip_allowlist}: either AUTOMATIC or an explicit
 * list of entries (duplicates collapsed, first occurrence first). Immutable. Get one with
 * {@link #parse}; it throws only {@link InvalidAllowlistException}.
 */
public final class Allowlist {
    private final String value;
    private final boolean automatic;
    private final List<AllowlistEntry> entries;

    Allowlist(String value, boolean automatic, List<AllowlistEntry> entries) {
        this.value = value;
        this.automatic = automatic;
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses and validates a list value exactly as MySQL classifies it (see {@link AllowlistParser}).
     * The value must not be null: SQL NULL is the variable registry's error 1231, not a list.
     */
    public static Allowlist parse(String value) throws InvalidAllowlistException {
        return AllowlistParser.parse(value);
    }

    /** True for {@code AUTOMATIC} in any case and with any spaces, as MySQL compares it. */
    public static boolean isAutomatic(String value) {
        return AllowlistParser.compact(value).toLowerCase(Locale.ROOT).equals("automatic");
    }

    /** The value as given. */
    public String value() {
        return value;
    }

    public boolean isAutomatic() {
        return automatic;
    }

    /** The explicit entries in the order written; empty for AUTOMATIC and for the empty list. */
    public List<AllowlistEntry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return value;
    }
}
