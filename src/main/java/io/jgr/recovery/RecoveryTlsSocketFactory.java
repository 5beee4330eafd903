package io.jgr.recovery;

import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.ServerSession;
import com.mysql.cj.protocol.SocketConnection;
import com.mysql.cj.protocol.StandardSocketFactory;
import io.jgr.perimeter.tls.RecoveryTls;
import java.io.Closeable;
import java.io.IOException;
import javax.net.ssl.SSLSocket;

/**
 * Connector/J's socket factory for the recovery connection: the TCP part is Connector/J's own;
 * the TLS layer after the SSLRequest is {@link RecoveryTls}'s SSLContext (PEM material loaded in
 * memory, the {@code group_replication_recovery_*} versions, ciphers, CRLs and identity check), so
 * no key store and no key file in clear is ever written. Connector/J instantiates this class by
 * name; the connecting thread hands it the TLS to use through {@link #bind}.
 */
public final class RecoveryTlsSocketFactory extends StandardSocketFactory {
    private static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

    private record Binding(RecoveryTls tls, String donorHost) {
    }

    /** While the returned scope is open, connections made on this thread layer {@code tls} towards {@code donorHost}. */
    static Scope bind(RecoveryTls tls, String donorHost) {
        CURRENT.set(new Binding(tls, donorHost));
        return CURRENT::remove;
    }

    /** Unbinds on close. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public <T extends Closeable> T performTlsHandshake(SocketConnection connection, ServerSession session) throws IOException {
        return performTlsHandshake(connection, session, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Closeable> T performTlsHandshake(SocketConnection connection, ServerSession session, Log log)
            throws IOException {
        Binding b = CURRENT.get();
        if (b == null || !b.tls().enabled()) {
            throw new IOException("no recovery TLS configured for this connection");
        }
        SSLSocket ssl = b.tls().layer(rawSocket, b.donorHost(), port);
        ssl.startHandshake();
        sslSocket = ssl;
        return (T) ssl;
    }
}
