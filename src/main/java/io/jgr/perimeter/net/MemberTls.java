package io.jgr.perimeter.net;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;

/**
 * TLS for member-to-member connections in one {@code group_replication_ssl_mode}. Each call uses
 * the material current at that moment, so a reload applies to the next connection.
 */
public interface MemberTls {

    /** False under DISABLED: connections stay plaintext. */
    boolean enabled();

    /** Layers server-side TLS over an accepted, admitted socket; the caller runs the handshake. */
    SSLSocket wrapAccepted(Socket accepted) throws IOException;

    /**
     * An unconnected client socket; the caller binds, connects and runs the handshake. Under
     * VERIFY_IDENTITY the handshake checks the peer's certificate against the address dialled.
     */
    SSLSocket newClientSocket() throws IOException;
}
