package io.jgr.replication;

import io.jgr.recovery.DonorLog;
import io.jgr.recovery.GtidRange;
import io.jgr.recovery.LoggedTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The replication {@link TransactionLog} as a donor serves it to joiners: read in pages of GTIDs so a
 * large range never sits in memory at once, and a GTID the log does not hold ends the stream (the joiner
 * then sees fewer transactions than announced and tries another donor).
 *
 * <p>A joiner asks up to its join point, which this donor's applier may not have reached yet. As MySQL's
 * binlog dump thread waits for the events it has not written yet, the size the joiner asks for first waits
 * until this log holds the range's end, at most {@link #CATCH_UP_WAIT} (below the joiner's 60 s socket
 * timeout); past that it answers with what the log holds, and the joiner's attempt fails as before.
 */
public final class TransactionLogDonorLog implements DonorLog {
    /** GTIDs per page at most: few round trips to H2 for small transactions. */
    static final int PAGE = 512;
    /**
     * Payload bytes per page at most (past one transaction): large transactions neither fill the donor's heap
     * nor get read from H2 only to be dropped by a consumer that takes a few MiB at a time.
     */
    static final long PAGE_BYTES = 4L << 20;

    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(30);
    /** Between two looks at the log's end while waiting for it: one indexed MAX each. */
    static final long CATCH_UP_POLL_MS = 10;

    private final TransactionLog log;
    private final Duration catchUpWait;

    public TransactionLogDonorLog(TransactionLog log) {
        this(log, CATCH_UP_WAIT);
    }

    TransactionLogDonorLog(TransactionLog log, Duration catchUpWait) {
        this.log = log;
        this.catchUpWait = catchUpWait;
    }

    @Override
    public Size size(GtidRange range) throws IOException {
        try {
            long purged = log.purgedThrough();
            if (range.first() <= purged) {
                String held = range.first() == 1 ? "" : new GtidRange(range.uuid(), 1, range.first() - 1).toString();
                throw new PurgedException(held, new GtidRange(range.uuid(), range.first(), Math.min(purged, range.last())).toString());
            }
            awaitEnd(range.last());
            long[] s = log.size(range.first(), range.last());
            return new Size(s[0], s[1]);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Waits until this log holds {@code last}, the applier writing it, at most {@link #catchUpWait}. */
    private void awaitEnd(long last) throws SQLException {
        long deadline = System.nanoTime() + catchUpWait.toNanos();
        while (log.last() < last && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(CATCH_UP_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static UncheckedIOException missing(GtidRange range, long n) {
        return new UncheckedIOException(new IOException("the transaction log does not hold " + range.gtid(n)));
    }

    @Override
    public Stream<LoggedTransaction> read(GtidRange range) {
        Iterator<LoggedTransaction> it = new Iterator<>() {
            private long next = range.first();
            private long expected = range.first();
            private Iterator<TransactionLog.Entry> page = List.<TransactionLog.Entry>of().iterator();

            @Override
            public boolean hasNext() {
                if (page.hasNext()) {
                    return true;
                }
                if (next > range.last()) {
                    return false;
                }
                long to = Math.min(range.last(), next + PAGE - 1);
                try {
                    List<TransactionLog.Entry> entries = log.read(next, to, PAGE_BYTES);
                    if (entries.isEmpty()) {
                        throw missing(range, next);
                    }
                    next = entries.get(entries.size() - 1).gtidNumber() + 1;
                    page = entries.iterator();
                    return true;
                } catch (SQLException e) {
                    throw new UncheckedIOException(new IOException(e.getMessage(), e));
                }
            }

            @Override
            public LoggedTransaction next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TransactionLog.Entry e = page.next();
                if (e.gtidNumber() != expected) {
                    throw missing(range, expected);
                }
                expected++;
                return new LoggedTransaction(range.gtid(e.gtidNumber()), e.payload());
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
