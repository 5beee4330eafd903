package io.jgr.perimeter.tls;

import javax.net.ssl.SSLException;

/** A member handshake that failed; the message is the line written to the error log. */
public final class TlsHandshakeException extends SSLException {
    private final HandshakeFailure failure;

    TlsHandshakeException(HandshakeFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public HandshakeFailure failure() {
        return failure;
    }
}
