package io.jgr.perimeter.allowlist;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refused sources, counted (jgr decision 7): per address the count, first and last time and the
 * latest reason, for a {@code performance_schema}-style table; and MySQL's refusal line, written
 * at most once per source per interval and at most a burst of lines per interval in total.
 * Bounded: past {@link #MAX_SOURCES} distinct sources, new ones are counted under {@link #OTHERS}.
 */
public final class RefusalRegistry {
    public static final int MAX_SOURCES = 10_000;
    /** The row that counts sources beyond {@link #MAX_SOURCES}. */
    public static final String OTHERS = "(other sources)";
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_LOG_BURST = 20;

    /** One row: a refused source. */
    public record RefusedSource(String address, long count, Instant firstSeen, Instant lastSeen, String reason) {
    }

    private static final class Row {
        final String address;
        final Instant first;
        long count;
        Instant last;
        String reason;

        Row(String address, Instant first) {
            this.address = address;
            this.first = first;
        }
    }

    private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final LogThrottle throttle;

    public RefusalRegistry() {
        this(Clock.systemUTC(), DEFAULT_LOG_INTERVAL, DEFAULT_LOG_BURST);
    }

    public RefusalRegistry(Clock clock, Duration logInterval, int logBurst) {
        this.clock = clock;
        this.throttle = new LogThrottle(logInterval.toNanos(), logBurst, () -> clock.millis() * 1_000_000L);
    }

    /** Counts a refusal of {@code peer} and writes MySQL's refusal line unless rate-limited. */
    public void refuse(InetAddress peer, String reason) {
        String address = Addresses.text(peer);
        Instant now = clock.instant();
        String key = rows.size() >= MAX_SOURCES && !rows.containsKey(address) ? OTHERS : address;
        Row row = rows.computeIfAbsent(key, k -> new Row(k, now));
        synchronized (row) {
            row.count++;
            row.last = now;
            row.reason = reason;
        }
        if (throttle.allow(address)) {
            long held = throttle.takeSuppressed();
            if (held > 0) {
                ErrorLog.gcs(LogLevel.NOTE, held + " allowlist refusal lines were suppressed by rate limiting;"
                        + " every refusal is counted per source");
            }
            ErrorLog.gcs(LogLevel.WARNING, AllowlistMessages.refused(Addresses.asMySqlSees(peer)));
        }
    }

    /** The rows, most recently refused first. */
    public List<RefusedSource> snapshot() {
        List<RefusedSource> out = new ArrayList<>();
        for (Row row : rows.values()) {
            synchronized (row) {
                out.add(new RefusedSource(row.address, row.count, row.first, row.last, row.reason));
            }
        }
        out.sort(Comparator.comparing(RefusedSource::lastSeen).reversed());
        return out;
    }

    /** Refusals counted in total. */
    public long total() {
        long sum = 0;
        for (RefusedSource r : snapshot()) {
            sum += r.count();
        }
        return sum;
    }
}
