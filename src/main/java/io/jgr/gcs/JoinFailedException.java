package io.jgr.gcs;

/** The member could not join or start the group; the message says why (and the error log has the GCS lines). */
public class JoinFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public JoinFailedException(String message) {
        super(message);
    }

    public JoinFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
