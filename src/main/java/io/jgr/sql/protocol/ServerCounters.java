package io.jgr.sql.protocol;

import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters the protocol keeps for COM_STATISTICS. */
final class ServerCounters {
    private final long startNanos = System.nanoTime();
    private final LongAdder questions = new LongAdder();
    /** Prepared statements open on all connections, bounded by max_prepared_stmt_count. */
    final java.util.concurrent.atomic.AtomicLong preparedStatements = new java.util.concurrent.atomic.AtomicLong();

    void question() {
        questions.increment();
    }

    /** The COM_STATISTICS text, laid out as mysqld's. */
    String statistics(int threads) {
        long uptime = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
        long q = questions.sum();
        return String.format(java.util.Locale.ROOT,
                "Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  Flush tables: 0  Open tables: 0  Queries per second avg: %.3f",
                uptime, threads, q, (double) q / uptime);
    }
}
