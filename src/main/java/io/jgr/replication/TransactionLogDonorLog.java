package io.jgr.replication;

import io.jgr.recovery.DonorLog;
import io.jgr.recovery.GtidRange;
import io.jgr.recovery.LoggedTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
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
 */
public final class TransactionLogDonorLog implements DonorLog {
    /** GTIDs per page at most: few round trips to H2 for small transactions. */
    static final int PAGE = 512;
    /**
     * Payload bytes per page at most (past one transaction): large transactions neither fill the donor's heap
     * nor get read from H2 only to be dropped by a consumer that takes a few MiB at a time.
     */
    static final long PAGE_BYTES = 4L << 20;

    private final TransactionLog log;

    public TransactionLogDonorLog(TransactionLog log) {
        this.log = log;
    }

    @Override
    public Size size(GtidRange range) throws IOException {
        try {
            long purged = log.purgedThrough();
            if (range.first() <= purged) {
                String held = range.first() == 1 ? "" : new GtidRange(range.uuid(), 1, range.first() - 1).toString();
                throw new PurgedException(held, new GtidRange(range.uuid(), range.first(), Math.min(purged, range.last())).toString());
            }
            long[] s = log.size(range.first(), range.last());
            return new Size(s[0], s[1]);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
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
