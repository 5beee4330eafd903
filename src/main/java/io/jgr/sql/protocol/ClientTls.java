package io.jgr.sql.protocol;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The server's TLS for client connections. Called after a client's SSLRequest with the accepted
 * plain socket; returns the TLS socket layered over it, in server mode, with the handshake done.
 * A server without TLS material has no ClientTls and does not offer CLIENT_SSL.
 */
@FunctionalInterface
public interface ClientTls {

    SSLSocket upgrade(Socket accepted) throws IOException;

    /**
     * TLS from a ready SSLContext. Client certificates are requested but not required, so that
     * accounts with {@code REQUIRE X509} can be checked while others connect without one.
     */
    static ClientTls of(SSLContext context) {
        return accepted -> {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(
                    accepted, accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
            tls.setUseClientMode(false);
            tls.setWantClientAuth(true);
            tls.startHandshake();
            return tls;
        };
    }
}
