package io.jgr.recovery;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contiguous GTID interval of one source: {@code uuid:first-last} (or {@code uuid:n}), both ends
 * inclusive, as MySQL writes GTID sets. The group's transactions all carry the group name as uuid.
 */
public record GtidRange(String uuid, long first, long last) {
    private static final Pattern TEXT = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):(\\d{1,18})(?:-(\\d{1,18}))?");

    public GtidRange {
        uuid = uuid.toLowerCase(Locale.ROOT);
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("not a GTID interval: " + first + "-" + last);
        }
    }

    public static GtidRange parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Malformed GTID range specification '" + text + "'");
        }
        long first = Long.parseLong(m.group(2));
        long last = m.group(3) == null ? first : Long.parseLong(m.group(3));
        return new GtidRange(m.group(1), first, last);
    }

    public long count() {
        return last - first + 1;
    }

    /** The GTID of sequence number {@code n}: {@code uuid:n}. */
    public String gtid(long n) {
        return uuid + ":" + n;
    }

    @Override
    public String toString() {
        return first == last ? uuid + ":" + first : uuid + ":" + first + "-" + last;
    }
}
