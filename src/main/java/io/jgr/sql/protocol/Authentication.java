package io.jgr.sql.protocol;

import io.jgr.sql.auth.AuthPlugin;
import io.jgr.sql.auth.CachingSha2Password;
import io.jgr.sql.auth.NativePassword;
import io.jgr.sql.auth.Nonce;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.SqlEngine;
import io.jgr.sql.engine.TlsRequirement;
import io.jgr.sql.error.MySqlError;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.SQLException;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * The authentication exchange of the connection phase (and of COM_CHANGE_USER): finds the
 * account, switches the client to the account's plugin if it answered with another one
 * (AuthSwitchRequest), verifies the scramble, runs caching_sha2_password's full path over TLS,
 * then checks the account lock and its REQUIRE clause. Failures are MySQL's errors; the caller
 * sends them. No password or scramble is ever logged.
 */
final class Authentication {
    private static final int AUTH_SWITCH = 0xFE;
    private static final int AUTH_MORE_DATA = 0x01;

    private final SqlEngine engine;
    private final PacketChannel channel;
    private final InetAddress client;
    private final SSLSocket tls;

    Authentication(SqlEngine engine, PacketChannel channel, InetAddress client, SSLSocket tls) {
        this.engine = engine;
        this.channel = channel;
        this.client = client;
        this.tls = tls;
    }

    /**
     * @param clientPlugin what the client's response was computed with (null: mysql_native_password)
     * @param forceSwitch  always send an AuthSwitchRequest with a fresh nonce (COM_CHANGE_USER)
     * @return the authenticated account
     * @throws SQLException 1045 (wrong user, password or transport), 3118 (locked)
     */
    Account authenticate(String user, String clientPlugin, byte[] response, byte[] nonce, boolean forceSwitch)
            throws IOException, SQLException {
        String host = HostText.of(client);
        Optional<Account> found = engine.findAccount(user, client);
        if (found.isEmpty()) {
            throw denied(user, host, !CachingSha2Password.isEmptyResponse(response));
        }
        Account account = found.get();
        Optional<AuthPlugin> plugin = AuthPlugin.byName(account.plugin());
        if (plugin.isEmpty()) {
            throw denied(user, host, !CachingSha2Password.isEmptyResponse(response));
        }
        String sent = clientPlugin == null ? AuthPlugin.MYSQL_NATIVE_PASSWORD.protocolName() : clientPlugin;
        if (forceSwitch || !sent.equals(plugin.get().protocolName())) {
            nonce = forceSwitch ? Nonce.generate() : nonce;
            channel.write(new PayloadWriter(64).int1(AUTH_SWITCH).nulString(plugin.get().protocolName())
                    .bytes(nonce).int1(0));
            channel.flush();
            response = readOrFail();
        }
        boolean usingPassword = !CachingSha2Password.isEmptyResponse(response);
        boolean ok = switch (plugin.get()) {
            case MYSQL_NATIVE_PASSWORD -> NativePassword.verify(nonce, response, account.nativeHash());
            case CACHING_SHA2_PASSWORD -> cachingSha2(nonce, response, account.sha2Hash());
        };
        if (!ok) {
            throw denied(user, host, usingPassword);
        }
        if (account.locked()) {
            throw MySqlError.ER_ACCOUNT_HAS_BEEN_LOCKED.exception(user, host);
        }
        if (!meets(account.tlsRequirement())) {
            throw denied(user, host, usingPassword);
        }
        return account;
    }

    /**
     * Fast path against the stored SHA256(SHA256(pw)); on a mismatch MySQL asks for the full
     * password, which we accept only over TLS. Over plaintext the full path would need RSA key
     * exchange, so a mismatch there is refused at once (the clients then show 1045 rather than
     * "Public Key Retrieval is not allowed" / 2061).
     */
    private boolean cachingSha2(byte[] nonce, byte[] response, byte[] stored) throws IOException {
        if (stored.length == 0) {
            return CachingSha2Password.isEmptyResponse(response);
        }
        if (CachingSha2Password.verifyScramble(nonce, response, stored)) {
            channel.write(new PayloadWriter(2).int1(AUTH_MORE_DATA).int1(CachingSha2Password.FAST_AUTH_SUCCESS));
            return true;
        }
        if (tls == null) {
            return false;
        }
        channel.write(new PayloadWriter(2).int1(AUTH_MORE_DATA).int1(CachingSha2Password.PERFORM_FULL_AUTHENTICATION));
        channel.flush();
        byte[] password = readOrFail();
        try {
            return CachingSha2Password.verifyCleartext(password, stored);
        } finally {
            java.util.Arrays.fill(password, (byte) 0);
        }
    }

    private boolean meets(TlsRequirement requirement) {
        return switch (requirement == null ? TlsRequirement.NONE : requirement) {
            case NONE -> true;
            case SSL -> tls != null;
            case X509 -> tls != null && hasPeerCertificate();
        };
    }

    private boolean hasPeerCertificate() {
        try {
            return tls.getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private byte[] readOrFail() throws IOException {
        byte[] p = channel.read();
        if (p == null) {
            throw new java.io.EOFException("client left during authentication");
        }
        return p;
    }

    private static SQLException denied(String user, String host, boolean usingPassword) {
        return MySqlError.ER_ACCESS_DENIED_ERROR.exception(user, host, usingPassword ? "YES" : "NO");
    }
}
