package io.jgr.perimeter.net;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;

/** {@code group_replication_ssl_mode=DISABLED}: member connections stay plaintext. */
public enum PlaintextMemberTls implements MemberTls {
    INSTANCE;

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public SSLSocket wrapAccepted(Socket accepted) throws IOException {
        throw new IOException("TLS is disabled for member connections");
    }

    @Override
    public SSLSocket newClientSocket() throws IOException {
        throw new IOException("TLS is disabled for member connections");
    }
}
