package io.jgr.perimeter.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS for the MySQL client port, from the main {@code ssl_*} set: the server presents
 * {@code ssl_cert}; when {@code ssl_ca}/{@code ssl_capath} is set it asks for (but, as MySQL, does
 * not require) a client certificate and verifies one that is presented, with CRLs. Without
 * {@code ssl_cert} and {@code ssl_key} TLS is not offered. Reloadable: the protocol server asks for
 * {@link #context()} or {@link #upgrade} per connection, so a reload applies to the next one.
 */
public final class ClientPortTls {

    /** One loaded configuration; {@code ssl} is null when TLS is not offered. */
    public record Context(TlsMaterial material, SSLContext ssl, SSLParameters parameters) {
        public boolean available() {
            return ssl != null;
        }
    }

    private final AtomicReference<Context> current;

    private ClientPortTls(Context initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** Loads the main set at server start; a problem is thrown with MySQL's text. */
    public static ClientPortTls load(Map<String, String> options) throws TlsConfigException {
        return new ClientPortTls(build(options));
    }

    static Context build(Map<String, String> options) throws TlsConfigException {
        TlsOptions tls = TlsOptions.main(options);
        if (tls.cert() == null && tls.key() == null) {
            return new Context(null, null, null);
        }
        TlsMaterial material = TlsMaterial.load(tls, true, warning -> { });
        boolean verifyClients = material.trusted() != null;
        PeerTrustManager trust = verifyClients
                ? PeerTrustManager.verifying(material, false, false, CertificateNames.Resolver.SYSTEM)
                : PeerTrustManager.trustAll();
        SSLContext ssl = MemberTlsContext.sslContext(new IdentityKeyManager(material.key(), material.chain()), trust);
        SSLParameters parameters = MemberTlsContext.parameters(material.cipherSuites());
        parameters.setWantClientAuth(verifyClients);
        return new Context(material, ssl, parameters);
    }

    /** The configuration new connections use now. */
    public Context context() {
        return current.get();
    }

    public boolean available() {
        return current.get().available();
    }

    /**
     * Layers server-side TLS over a client connection after its SSLRequest packet; {@code consumed}
     * holds bytes already read past that packet (may be null). The caller runs the handshake.
     */
    public SSLSocket upgrade(Socket accepted, InputStream consumed) throws IOException {
        Context c = current.get();
        if (!c.available()) {
            throw new IOException("TLS is not configured on this server (no ssl_cert / ssl_key)");
        }
        SSLSocket ssl = (SSLSocket) c.ssl().getSocketFactory().createSocket(accepted, consumed, true);
        ssl.setSSLParameters(c.parameters());
        ssl.setUseClientMode(false);
        return ssl;
    }

    /** Loads new material without installing it. */
    public Prepared prepare(Map<String, String> options) throws TlsConfigException {
        return new Prepared(this, build(options));
    }

    /** {@code ALTER INSTANCE RELOAD TLS} for this port alone: 3888 and no change on failure. */
    public void reload(Map<String, String> options) throws SQLException {
        try {
            prepare(options).install();
        } catch (TlsConfigException e) {
            throw e.asReloadError();
        }
    }

    /** Material loaded and checked, waiting to be installed. */
    public static final class Prepared {
        private final ClientPortTls owner;
        private final Context context;

        private Prepared(ClientPortTls owner, Context context) {
            this.owner = owner;
            this.context = context;
        }

        public void install() {
            owner.current.set(context);
        }
    }
}
