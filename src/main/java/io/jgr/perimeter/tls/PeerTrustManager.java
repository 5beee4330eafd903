package io.jgr.perimeter.tls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies peers: the JDK's PKIX checks (chain to a trusted CA, validity, key usage, and — when CRLs
 * are configured — revocation of every certificate in the chain, as OpenSSL's CRL_CHECK_ALL), plus
 * the identity checks of VERIFY_IDENTITY: as dialler, the acceptor's certificate must name the host
 * string dialled; as acceptor, the client certificate must name the connection's source address.
 * {@link #trustAll()} is REQUIRED's "verify nothing".
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
    /** MySQL's text for a failed host check (XCom, OpenSSL ≥ 1.0.2). */
    static final String SERVER_IDENTITY_FAILED = "Failed to verify the server certificate via X509 certificate matching functions";

    private final X509ExtendedTrustManager pkix;
    private final boolean checkServerIdentity;
    private final boolean checkClientIdentity;
    private final CertificateNames.Resolver resolver;

    private PeerTrustManager(X509ExtendedTrustManager pkix, boolean checkServerIdentity, boolean checkClientIdentity,
                             CertificateNames.Resolver resolver) {
        this.pkix = pkix;
        this.checkServerIdentity = checkServerIdentity;
        this.checkClientIdentity = checkClientIdentity;
        this.resolver = resolver;
    }

    /** Accepts any peer: encryption without authentication (REQUIRED). */
    static PeerTrustManager trustAll() {
        return new PeerTrustManager(null, false, false, null);
    }

    static PeerTrustManager verifying(TlsMaterial material, boolean checkServerIdentity, boolean checkClientIdentity,
                                      CertificateNames.Resolver resolver) throws TlsConfigException {
        return new PeerTrustManager(pkix(material), checkServerIdentity, checkClientIdentity, resolver);
    }

    /** A certificate that does not name the address it must name. */
    static final class IdentityException extends CertificateException {
        IdentityException(String message) {
            super(message);
        }
    }

    private static X509ExtendedTrustManager pkix(TlsMaterial material) throws TlsConfigException {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            List<X509Certificate> trusted = material.trusted() != null ? material.trusted() : jdkDefaultCas();
            for (X509Certificate ca : trusted) {
                anchors.add(new TrustAnchor(ca, null));
            }
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
            List<Object> store = new ArrayList<>(trusted);
            store.addAll(material.crls());
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            params.setRevocationEnabled(!material.crls().isEmpty());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(new CertPathTrustManagerParameters(params));
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new TlsConfigException("SSL_CTX_new failed", "no PKIX trust manager in this JDK");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("SSL_CTX_new failed", e, "cannot build the PKIX trust manager: " + e.getMessage());
        }
    }

    private static List<X509Certificate> jdkDefaultCas() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof javax.net.ssl.X509TrustManager x) {
                return List.of(x.getAcceptedIssuers());
            }
        }
        return List.of();
    }

    // --- the acceptor's view of a client --------------------------------------------------------

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (pkix == null) {
            return;
        }
        pkix.checkClientTrusted(chain, authType, socket);
        if (checkClientIdentity) {
            InetAddress source = socket == null ? null : socket.getInetAddress();
            requireSource(chain[0], source);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (pkix == null) {
            return;
        }
        pkix.checkClientTrusted(chain, authType, engine);
        if (checkClientIdentity) {
            requireSource(chain[0], engine == null ? null : CertificateNames.ipLiteral(String.valueOf(engine.getPeerHost())));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (pkix == null) {
            return;
        }
        pkix.checkClientTrusted(chain, authType);
        if (checkClientIdentity) {
            requireSource(chain[0], null);
        }
    }

    private void requireSource(X509Certificate cert, InetAddress source) throws CertificateException {
        if (source == null) {
            throw new IdentityException("the client certificate cannot be checked against an unknown source address");
        }
        if (!CertificateNames.namesSource(cert, source, resolver)) {
            throw new IdentityException("the client certificate does not name the source address "
                    + CertificateNames.unmap(source).getHostAddress() + " (it names " + CertificateNames.describe(cert) + ")");
        }
    }

    // --- the dialler's view of an acceptor ------------------------------------------------------

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (pkix == null) {
            return;
        }
        pkix.checkServerTrusted(chain, authType, socket);
        if (checkServerIdentity) {
            requireHost(chain[0], dialledHost(socket));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (pkix == null) {
            return;
        }
        pkix.checkServerTrusted(chain, authType, engine);
        if (checkServerIdentity) {
            requireHost(chain[0], engine == null ? null : engine.getPeerHost());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (pkix == null) {
            return;
        }
        pkix.checkServerTrusted(chain, authType);
        if (checkServerIdentity) {
            requireHost(chain[0], null);
        }
    }

    /** The host string the socket was created for or connected to (a name if one was given, else the IP). */
    private static String dialledHost(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            SSLSession session = ssl.getHandshakeSession();
            if (session != null && session.getPeerHost() != null) {
                return session.getPeerHost();
            }
        }
        if (socket != null && socket.getRemoteSocketAddress() instanceof InetSocketAddress remote) {
            return remote.getHostString();
        }
        return null;
    }

    private static void requireHost(X509Certificate cert, String host) throws CertificateException {
        if (host == null || !CertificateNames.namesHost(cert, host)) {
            throw new IdentityException(SERVER_IDENTITY_FAILED + " (dialled " + (host == null ? "an unknown host" : host)
                    + ", the certificate names " + CertificateNames.describe(cert) + ")");
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix == null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
    }
}
