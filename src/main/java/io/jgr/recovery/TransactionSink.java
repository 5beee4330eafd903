package io.jgr.recovery;

/** Where the joiner puts each transaction recovery receives (the applier), in GTID order. */
@FunctionalInterface
public interface TransactionSink {

    void accept(String gtid, byte[] payload) throws SinkException;

    /**
     * The donor sent the whole range: returns once everything accepted is applied (a sink may apply
     * on another thread, behind the transfer). Recovery is finished only after this returns.
     */
    default void flush() throws SinkException {
    }

    /** The joiner could not apply a transaction: fatal for recovery, not a donor problem. */
    final class SinkException extends Exception {
        public SinkException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
