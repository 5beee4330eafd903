package io.jgr.perimeter.allowlist;

import io.jgr.perimeter.allowlist.InvalidAllowlistException.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * MySQL's reading of a list value ({@code Gcs_ip_allowlist::is_valid} and the plugin's SET check):
 * whitespace removed; "automatic" alone means AUTOMATIC, "automatic" anywhere else is an error;
 * comma-separated entries, each {@code address[/mask]}; an address of only digits and dots is an
 * IPv4 attempt, one containing ':' an IPv6 attempt, anything else a host name. IP attempts must
 * parse and masks must be digits within 32 / 128. jgr also checks host-name masks (MySQL accepts
 * any text there and the entry silently never matches).
 */
final class AllowlistParser {
    private static final int MAX_MASK_DIGITS = 3;

    private AllowlistParser() {
    }

    static Allowlist parse(String value) throws InvalidAllowlistException {
        if (value == null) {
            throw new NullPointerException("allowlist value");
        }
        String compact = compact(value);
        String lower = compact.toLowerCase(Locale.ROOT);
        if (lower.equals("automatic")) {
            return new Allowlist(value, true, List.of());
        }
        if (lower.contains("automatic")) {
            throw new InvalidAllowlistException(Kind.AUTOMATIC_MIXED, compact);
        }
        List<AllowlistEntry> entries = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String token : tokens(compact)) {
            AllowlistEntry entry = entry(token);
            String key = entry instanceof HostEntry ? token.toLowerCase(Locale.ROOT) : token;
            if (seen.add(key)) {
                entries.add(entry);
            }
        }
        return new Allowlist(value, false, entries);
    }

    /** The value without whitespace; MySQL strips spaces, jgr also tabs and line breaks from option files. */
    static String compact(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (!Character.isWhitespace(ch)) {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Splits on ',' as {@code std::getline} does: empty items count, except one after a trailing comma. */
    private static List<String> tokens(String compact) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        while (start < compact.length()) {
            int comma = compact.indexOf(',', start);
            if (comma < 0) {
                tokens.add(compact.substring(start));
                break;
            }
            tokens.add(compact.substring(start, comma));
            start = comma + 1;
        }
        return tokens;
    }

    private static AllowlistEntry entry(String token) throws InvalidAllowlistException {
        int slash = token.indexOf('/');
        String address = slash < 0 ? token : token.substring(0, slash);
        String mask = slash < 0 ? "" : token.substring(slash + 1);
        boolean v4Attempt = onlyDigitsAndDots(address);
        boolean v6Attempt = !v4Attempt && address.indexOf(':') >= 0;
        if (!v4Attempt && !v6Attempt) {
            OptionalInt prefix = OptionalInt.empty();
            if (!mask.isEmpty()) {
                int bits = maskBits(mask, CidrRange.V6_BITS);
                if (bits < 0) {
                    throw new InvalidAllowlistException(Kind.INVALID_ENTRY, token);
                }
                prefix = OptionalInt.of(bits);
            }
            return new HostEntry(token, address, prefix);
        }
        byte[] bytes = v4Attempt ? IpLiteral.parseV4(address) : IpLiteral.parseV6(address);
        if (bytes == null) {
            throw new InvalidAllowlistException(Kind.INVALID_ENTRY, token);
        }
        int max = bytes.length * 8;
        int bits = mask.isEmpty() ? max : maskBits(mask, max);
        if (bits < 0) {
            throw new InvalidAllowlistException(Kind.INVALID_ENTRY, token);
        }
        return new IpEntry(token, CidrRange.of(bytes, bits));
    }

    /** The mask's value if it is all ASCII digits and at most {@code max}, else -1. */
    private static int maskBits(String mask, int max) {
        if (mask.isEmpty()) {
            return max;
        }
        int value = 0;
        int significant = 0;
        for (int i = 0; i < mask.length(); i++) {
            char ch = mask.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            if (value > 0 || ch != '0') {
                if (++significant > MAX_MASK_DIGITS) {
                    return -1;
                }
            }
            value = value * 10 + (ch - '0');
        }
        return value <= max ? value : -1;
    }

    private static boolean onlyDigitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '.' && (ch < '0' || ch > '9')) {
                return false;
            }
        }
        return true;
    }
}
