package io.jgr.sql.engine;

import java.net.InetAddress;

/**
 * An authenticated connection, as the engine sees it.
 *
 * @param account       the account it authenticated as (user and host pattern)
 * @param clientAddress where the client connects from
 * @param tlsVersion    the negotiated protocol (e.g. "TLSv1.3"), or null over plaintext
 * @param tlsCipher     the negotiated suite in OpenSSL naming where known, or null
 * @param schema        the database named in the handshake, or null
 */
public record ConnectionInfo(long connectionId, Account account, InetAddress clientAddress,
                             String tlsVersion, String tlsCipher, String schema) {

    public boolean secure() {
        return tlsVersion != null;
    }
}
