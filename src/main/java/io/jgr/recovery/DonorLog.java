package io.jgr.recovery;

import java.util.stream.Stream;

/**
 * A donor's transaction log as distributed recovery reads it. The replication layer's transaction
 * log implements this; the donor serves it to joiners through {@link DonorLogStatements}.
 */
public interface DonorLog {

    /** How many of the range's transactions this log holds, and their payload bytes (progress totals). */
    Size size(GtidRange range) throws java.io.IOException;

    /**
     * The range's transactions in GTID order, read lazily (the stream must not hold the range in
     * memory); the caller closes it. A transaction the log no longer holds ends the stream with an
     * {@link java.io.UncheckedIOException}.
     */
    Stream<LoggedTransaction> read(GtidRange range) throws java.io.IOException;

    record Size(long transactions, long bytes) {
    }
}
