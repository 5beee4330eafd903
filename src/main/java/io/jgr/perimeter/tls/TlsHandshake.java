package io.jgr.perimeter.tls;

import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * Runs a member connection's handshake with a bound on its duration, and on failure writes one
 * error-log line saying why (MySQL's acceptor stays silent; a jgr operator needs the reason) and
 * throws {@link TlsHandshakeException} with that reason. On failure the socket is closed.
 */
public final class TlsHandshake {
    /** MySQL's dialler text, which jgr's dialler lines start with. */
    static final String CONNECT_FAILED = "Error connecting using SSL";

    private TlsHandshake() {
    }

    /** The acceptor side: {@code [GCS] Refused a TLS connection from <ip>:<port>: <reason>}. */
    public static void accept(SSLSocket socket, Duration timeout) throws TlsHandshakeException {
        run(socket, timeout, false);
    }

    /** The dialler side: {@code [GCS] Error connecting using SSL to <host>:<port>: <reason>}. */
    public static void connect(SSLSocket socket, Duration timeout) throws TlsHandshakeException {
        run(socket, timeout, true);
    }

    private static void run(SSLSocket socket, Duration timeout, boolean dialler) throws TlsHandshakeException {
        int previous = 0;
        try {
            previous = socket.getSoTimeout();
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            socket.startHandshake();
            socket.setSoTimeout(previous);
        } catch (IOException | RuntimeException e) {
            String peer = peer(socket);
            HandshakeFailure kind = HandshakeFailure.classify(e);
            String reason = HandshakeFailure.describe(e);
            String line = dialler ? CONNECT_FAILED + " to " + peer + ": " + reason
                    : "Refused a TLS connection from " + peer + ": " + reason;
            ErrorLog.gcs(LogLevel.WARNING, line);
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new TlsHandshakeException(kind, line, e);
        }
    }

    private static String peer(SSLSocket socket) {
        if (socket.getRemoteSocketAddress() instanceof InetSocketAddress a) {
            String host = a.getAddress() == null ? a.getHostString()
                    : CertificateNames.unmap(a.getAddress()).getHostAddress();
            return host + ":" + a.getPort();
        }
        return "an unconnected peer";
    }
}
