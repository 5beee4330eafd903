package io.jgr.perimeter.allowlist;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate limit for repeated log lines, so a flood of refused or unresolvable peers cannot fill the
 * disk: a key logs at most once per interval, and all keys together at most {@code burst} lines
 * per interval. Lines held back are counted; the next line that passes can report them.
 */
final class LogThrottle {
    private static final int MAX_KEYS = 10_000;

    private final long intervalNanos;
    private final int burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final AtomicLong windowStart;
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    LogThrottle(long intervalNanos, int burst, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.windowStart = new AtomicLong(nanoTime.getAsLong());
    }

    /** True when a line for {@code key} may be written now. */
    boolean allow(String key) {
        long now = nanoTime.getAsLong();
        Long last = lastLogged.get(key);
        if (last != null && now - last < intervalNanos) {
            suppressed.incrementAndGet();
            return false;
        }
        long start = windowStart.get();
        if (now - start >= intervalNanos && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() > burst) {
            suppressed.incrementAndGet();
            return false;
        }
        if (lastLogged.size() >= MAX_KEYS) {
            lastLogged.values().removeIf(t -> now - t >= intervalNanos);
        }
        lastLogged.put(key, now);
        return true;
    }

    /** Lines held back since the last call, and resets the count. */
    long takeSuppressed() {
        return suppressed.getAndSet(0);
    }
}
