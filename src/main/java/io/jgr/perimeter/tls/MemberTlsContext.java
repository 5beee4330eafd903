package io.jgr.perimeter.tls;

import io.jgr.perimeter.net.MemberTls;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The TLS of member connections for one mode and one set of material (immutable; a reload builds
 * a new one). Both directions present the same identity, as in MySQL.
 *
 * <table>
 * <caption>What each mode checks</caption>
 * <tr><th>mode</th><th>dialler checks acceptor</th><th>acceptor checks dialler</th></tr>
 * <tr><td>DISABLED</td><td colspan=2>plaintext; {@link #enabled()} is false</td></tr>
 * <tr><td>REQUIRED</td><td>nothing</td><td>nothing (no certificate asked)</td></tr>
 * <tr><td>VERIFY_CA</td><td>chain, validity, CRLs</td><td>certificate required; chain, validity, CRLs</td></tr>
 * <tr><td>VERIFY_IDENTITY</td><td>as VERIFY_CA + names the host dialled</td>
 *     <td>as VERIFY_CA + names the source address</td></tr>
 * </table>
 * Protocols and suites are fixed by the material; a peer that cannot meet them is refused, never
 * served plaintext or a weaker mode.
 */
public final class MemberTlsContext implements MemberTls {
    private final SslMode mode;
    private final TlsMaterial material;
    private final SSLContext context;
    private final SSLParameters serverParameters;
    private final SSLParameters clientParameters;

    private MemberTlsContext(SslMode mode, TlsMaterial material, SSLContext context) {
        this.mode = mode;
        this.material = material;
        this.context = context;
        if (context != null) {
            serverParameters = parameters(material.cipherSuites());
            serverParameters.setNeedClientAuth(mode.verifiesChains());
            clientParameters = parameters(material.cipherSuites());
        } else {
            serverParameters = null;
            clientParameters = null;
        }
    }

    /** Plaintext member connections. */
    public static MemberTlsContext disabled() {
        return new MemberTlsContext(SslMode.DISABLED, null, null);
    }

    public static MemberTlsContext build(SslMode mode, TlsMaterial material, CertificateNames.Resolver resolver)
            throws TlsConfigException {
        if (mode == SslMode.DISABLED) {
            return disabled();
        }
        PeerTrustManager trust = mode == SslMode.REQUIRED
                ? PeerTrustManager.trustAll()
                : PeerTrustManager.verifying(material, mode == SslMode.VERIFY_IDENTITY, mode == SslMode.VERIFY_IDENTITY, resolver);
        return new MemberTlsContext(mode, material, sslContext(new IdentityKeyManager(material.key(), material.chain()), trust));
    }

    static SSLContext sslContext(KeyManager keyManager, TrustManager trustManager) throws TlsConfigException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManager == null ? null : new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("SSL_CTX_new failed", e, "cannot create a TLS context: " + e.getMessage());
        }
    }

    static SSLParameters parameters(CipherSuites suites) {
        SSLParameters p = new SSLParameters();
        p.setProtocols(suites.protocols().toArray(String[]::new));
        p.setCipherSuites(suites.suites().toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    public SslMode mode() {
        return mode;
    }

    /** The material in use, or null under DISABLED. */
    public TlsMaterial material() {
        return material;
    }

    @Override
    public boolean enabled() {
        return context != null;
    }

    @Override
    public SSLSocket wrapAccepted(Socket accepted) throws IOException {
        requireEnabled();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
        ssl.setSSLParameters(serverParameters);
        ssl.setUseClientMode(false);
        return ssl;
    }

    @Override
    public SSLSocket newClientSocket() throws IOException {
        requireEnabled();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket();
        ssl.setSSLParameters(clientParameters);
        ssl.setUseClientMode(true);
        return ssl;
    }

    private void requireEnabled() throws IOException {
        if (context == null) {
            // never hand out a TLS socket that silently is not one
            throw new IOException("group_replication_ssl_mode is DISABLED: member connections are plaintext");
        }
    }
}
