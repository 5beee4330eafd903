package io.jgr.perimeter.net;

import io.jgr.pki.IssuedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A minimal {@link MemberTls} for tests of the group engine, built from the PKI toolkit while the
 * real one (package {@code perimeter.tls}) is not on this branch. Modes as jgr-decisions 8:
 * REQUIRED encrypts only; VERIFY_CA verifies the chain (and CRL) both ways and requires a client
 * certificate; VERIFY_IDENTITY also checks the dialled IP on the client side and the source IP
 * against the client certificate's IP SANs on the accepting side.
 */
public final class TestMemberTls implements MemberTls {
    public enum Mode { REQUIRED, VERIFY_CA, VERIFY_IDENTITY }

    private static final char[] PASSWORD = "test-only".toCharArray();
    private final Mode mode;
    private final SSLContext context;

    public TestMemberTls(Mode mode, IssuedCertificate identity, X509Certificate trustedRoot, X509CRL crl) {
        this.mode = Objects.requireNonNull(mode);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("member", identity.keyPair().getPrivate(), PASSWORD,
                    identity.presentedChain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            X509ExtendedTrustManager trust = mode == Mode.REQUIRED ? new TrustAll() : pkix(trustedRoot, crl);
            context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {trust}, null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("test TLS setup failed", e);
        }
    }

    private X509ExtendedTrustManager pkix(X509Certificate root, X509CRL crl) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", root);
        PKIXBuilderParameters params = new PKIXBuilderParameters(trusted, new X509CertSelector());
        if (crl != null) {
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
            PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
            params.addCertPathChecker(checker);
        } else {
            params.setRevocationEnabled(false);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(new CertPathTrustManagerParameters(params));
        X509ExtendedTrustManager pkix = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
        return mode == Mode.VERIFY_IDENTITY ? new SourceAddressCheck(pkix) : pkix;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public SSLSocket wrapAccepted(Socket accepted) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(accepted, accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
        ssl.setUseClientMode(false);
        if (mode != Mode.REQUIRED) {
            ssl.setNeedClientAuth(true);
        }
        return ssl;
    }

    @Override
    public SSLSocket newClientSocket() throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket();
        if (mode == Mode.VERIFY_IDENTITY) {
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(p);
        }
        return ssl;
    }

    /** Accepting side of VERIFY_IDENTITY: the client certificate must name the address it connects from. */
    private static final class SourceAddressCheck extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;

        SourceAddressCheck(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, socket);
            InetAddress source = socket.getInetAddress();
            try {
                var names = chain[0].getSubjectAlternativeNames();
                if (names != null) {
                    for (List<?> name : names) {
                        if (Integer.valueOf(7).equals(name.get(0))
                                && InetAddress.getByName((String) name.get(1)).equals(source)) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                throw new CertificateException(e);
            }
            throw new CertificateException("client certificate SAN does not name source address " + source.getHostAddress());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("member TLS runs on sockets");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            pkix.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("member TLS needs the socket to check the source address");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }

    /** REQUIRED: encryption without verification, as MySQL. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
