package io.jgr.perimeter.tls;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Client-side TLS of the distributed-recovery connection (joiner → donor's SQL port), from the
 * {@code group_replication_recovery_*} set. Off unless {@code group_replication_recovery_use_ssl}.
 * The donor's chain is verified when {@code ..._ssl_ca}/{@code ..._ssl_capath} is set or
 * {@code ..._ssl_verify_server_cert} is ON; the latter also requires the certificate to name the
 * host dialled (MySQL's VERIFY_IDENTITY). A client certificate is presented when one is configured.
 */
public final class RecoveryTls {
    private final boolean enabled;
    private final boolean verifyServerCert;
    private final TlsMaterial material;
    private final SSLContext context;
    private final SSLParameters parameters;

    private RecoveryTls(boolean enabled, boolean verifyServerCert, TlsMaterial material, SSLContext context,
                        SSLParameters parameters) {
        this.enabled = enabled;
        this.verifyServerCert = verifyServerCert;
        this.material = material;
        this.context = context;
        this.parameters = parameters;
    }

    /** Loads the recovery set; warnings (a file reused for key and certificate) go to {@code warnings}. */
    public static RecoveryTls load(Map<String, String> options, java.util.function.Consumer<String> warnings)
            throws TlsConfigException {
        boolean enabled = TlsOptions.flag(options, TlsOptions.RECOVERY_USE_SSL);
        boolean verify = TlsOptions.flag(options, TlsOptions.RECOVERY_VERIFY_SERVER_CERT);
        if (!enabled) {
            return new RecoveryTls(false, verify, null, null, null);
        }
        TlsOptions tls = TlsOptions.recovery(options);
        TlsMaterial material = TlsMaterial.load(tls, false, warnings);
        boolean verifyChain = verify || material.trusted() != null;
        PeerTrustManager trust = verifyChain
                ? PeerTrustManager.verifying(material, verify, false, CertificateNames.Resolver.SYSTEM)
                : PeerTrustManager.trustAll();
        IdentityKeyManager keys = material.hasIdentity() ? new IdentityKeyManager(material.key(), material.chain()) : null;
        SSLContext context = MemberTlsContext.sslContext(keys, trust);
        return new RecoveryTls(true, verify, material, context, MemberTlsContext.parameters(material.cipherSuites()));
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean verifiesServerCertificate() {
        return verifyServerCert;
    }

    /** The context and parameters for a client that layers TLS itself (e.g. a Connector/J socket factory). */
    public SSLContext context() {
        return context;
    }

    public SSLParameters parameters() {
        return parameters;
    }

    public TlsMaterial material() {
        return material;
    }

    /**
     * Layers client TLS over a connection to the donor after the SSLRequest packet was sent.
     * {@code donorHost} is the host string dialled (MEMBER_HOST or a recovery endpoint): the name
     * the donor's certificate must carry when verify_server_cert is ON. The caller runs the handshake.
     */
    public SSLSocket layer(Socket connected, String donorHost, int port) throws IOException {
        if (!enabled) {
            throw new IOException(TlsOptions.RECOVERY_USE_SSL + " is OFF");
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(connected, donorHost, port, true);
        ssl.setSSLParameters(parameters);
        ssl.setUseClientMode(true);
        return ssl;
    }
}
