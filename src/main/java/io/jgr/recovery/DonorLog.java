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

    /**
     * The log no longer holds the start of the range: its oldest files were purged (PURGE BINARY LOGS,
     * binlog_expire_logs_seconds). The donor answers with MySQL's 1789; the joiner tries another donor.
     *
     * @param held    the GTIDs before the range (what the joiner says it has)
     * @param missing the part of the range this log purged
     */
    final class PurgedException extends java.io.IOException {
        private final String held;
        private final String missing;

        public PurgedException(String held, String missing) {
            super("the transaction log was purged through " + missing);
            this.held = held;
            this.missing = missing;
        }

        public String held() {
            return held;
        }

        public String missing() {
            return missing;
        }
    }
}
