package io.jgr.perimeter.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Good material connects in every mode, with every key format, cipher naming and CA layout. */
class TlsPositiveTest {
    private static final TestPki PKI = TestPki.INSTANCE;

    private static GroupTls member(SslMode mode, String cert, String... extra) throws TlsConfigException {
        Map<String, String> o = PKI.options(mode, cert);
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                o.remove(extra[i]);
            } else {
                o.put(extra[i], extra[i + 1]);
            }
        }
        return GroupTls.start(o);
    }

    @ParameterizedTest
    @EnumSource(SslMode.class)
    void everyModeConnectsWithGoodMaterialInEachKeyFormat(SslMode mode) throws Exception {
        for (String[] pair : new String[][] {{"good", "rsa"}, {"rsa", "pkcs8"}, {"pkcs8", "good"}}) {
            LoopbackPair.Outcome o = LoopbackPair.run(member(mode, pair[0]), LoopbackPair.member(member(mode, pair[1])));
            assertThat(o.connected()).as("%s: %s accepting %s (%s / %s)", mode, pair[0], pair[1],
                    o.acceptorFailure(), o.diallerFailure()).isTrue();
            if (mode != SslMode.DISABLED) {
                assertThat(o.serverCert()).isEqualTo(PKI.member(pair[0]).issued().certificate());
            }
        }
    }

    @Test
    void verifyIdentityByDnsNames() throws Exception {
        // The acceptor's certificate names "localhost"; the dialler dials "localhost" and its own
        // certificate names only "localhost", which resolves to its source address 127.0.0.1.
        LoopbackPair.Outcome o = LoopbackPair.run(member(SslMode.VERIFY_IDENTITY, "dnsonly"),
                LoopbackPair.member(member(SslMode.VERIFY_IDENTITY, "dnsonly"), "localhost"));
        assertThat(o.connected()).as("%s / %s", o.acceptorFailure(), o.diallerFailure()).isTrue();
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @CsvSource({
        "ECDHE-ECDSA-AES128-GCM-SHA256,           TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, good, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ecdhe-ecdsa-aes256-gcm-sha384,           good, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384:!aNULL:!MD5, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,   rsa,  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    })
    void opensslAndIanaCipherNamesBothWork(String acceptorCipher, String diallerCipher, String cert, String expected)
            throws Exception {
        LoopbackPair.Outcome o = LoopbackPair.run(
                member(SslMode.VERIFY_CA, cert, "tls_version", "TLSv1.2", "ssl_cipher", acceptorCipher),
                LoopbackPair.member(member(SslMode.VERIFY_CA, cert, "tls_version", "TLSv1.2", "ssl_cipher", diallerCipher)));
        assertThat(o.connected()).as("%s / %s", o.acceptorFailure(), o.diallerFailure()).isTrue();
        assertThat(o.suite()).isEqualTo(expected);
        assertThat(CipherNames.toOpenSsl(o.suite())).doesNotStartWith("TLS_");
    }

    @Test
    void tls13SuiteChosenByName() throws Exception {
        LoopbackPair.Outcome o = LoopbackPair.run(
                member(SslMode.VERIFY_CA, "good", "tls_version", "TLSv1.3", "tls_ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"),
                LoopbackPair.member(member(SslMode.VERIFY_CA, "good", "tls_ciphersuites",
                        "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256")));
        assertThat(o.connected()).isTrue();
        assertThat(o.suite()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }

    @ParameterizedTest
    @EnumSource(value = SslMode.class, names = {"VERIFY_CA", "VERIFY_IDENTITY"})
    void capathWithSeveralCasTrustsEach(SslMode mode) throws Exception {
        String capath = PKI.capath.toString();
        // acceptor from the group CA, dialler from the second CA, and the other way round
        for (String[] pair : new String[][] {{"good", "second"}, {"second", "good"}}) {
            LoopbackPair.Outcome o = LoopbackPair.run(
                    member(mode, pair[0], "ssl_ca", null, "ssl_capath", capath),
                    LoopbackPair.member(member(mode, pair[1], "ssl_ca", null, "ssl_capath", capath)));
            assertThat(o.connected()).as("%s / %s", o.acceptorFailure(), o.diallerFailure()).isTrue();
        }
    }

    @Test
    void recoveryClientAgainstTheClientPort() throws Exception {
        ClientPortTls port = ClientPortTls.load(Map.of(
                "ssl_cert", PKI.member("good").cert().toString(),
                "ssl_key", PKI.member("good").key().toString(),
                "ssl_ca", PKI.caFile.toString()));
        RecoveryTls verifying = RecoveryTls.load(Map.of(
                TlsOptions.RECOVERY_USE_SSL, "ON",
                TlsOptions.RECOVERY_VERIFY_SERVER_CERT, "ON",
                "group_replication_recovery_ssl_ca", PKI.caFile.toString(),
                "group_replication_recovery_ssl_cert", PKI.member("rsa").cert().toString(),
                "group_replication_recovery_ssl_key", PKI.member("rsa").key().toString()), w -> { });
        assertThat(donorSees(port, verifying, "127.0.0.1")).isEqualTo(PKI.member("rsa").issued().certificate().getSubjectX500Principal().getName());
        assertThat(donorSees(port, verifying, "localhost")).isNotNull();

        RecoveryTls anonymous = RecoveryTls.load(Map.of(TlsOptions.RECOVERY_USE_SSL, "ON"), w -> { });
        assertThat(donorSees(port, anonymous, "127.0.0.1")).isEqualTo("no client certificate");

        assertThat(RecoveryTls.load(Map.of(), w -> { }).enabled()).isFalse();
    }

    @Test
    void recoveryVerifyServerCertRefusesADonorNamedOtherwise() throws Exception {
        ClientPortTls port = ClientPortTls.load(Map.of(
                "ssl_cert", PKI.member("otherhost").cert().toString(),
                "ssl_key", PKI.member("otherhost").key().toString()));
        Map<String, String> recovery = Map.of(TlsOptions.RECOVERY_USE_SSL, "ON",
                TlsOptions.RECOVERY_VERIFY_SERVER_CERT, "ON",
                "group_replication_recovery_ssl_ca", PKI.caFile.toString());
        try {
            donorSees(port, RecoveryTls.load(recovery, w -> { }), "127.0.0.1");
            throw new AssertionError("connected to a donor whose certificate names 127.0.0.9");
        } catch (IOException e) {
            assertThat(HandshakeFailure.classify(e)).isEqualTo(HandshakeFailure.SERVER_IDENTITY);
        }
        Map<String, String> caOnly = Map.of(TlsOptions.RECOVERY_USE_SSL, "ON",
                "group_replication_recovery_ssl_ca", PKI.caFile.toString());
        assertThat(donorSees(port, RecoveryTls.load(caOnly, w -> { }), "127.0.0.1")).isEqualTo("no client certificate");
    }

    /** One recovery-style connection to the client port; returns the client subject the donor saw. */
    static String donorSees(ClientPortTls port, RecoveryTls recovery, String host) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(5000);
            CompletableFuture<String> donor = CompletableFuture.supplyAsync(() -> {
                try (Socket raw = server.accept()) {
                    raw.setSoTimeout(5000);
                    SSLSocket ssl = port.upgrade(raw, null);
                    ssl.startHandshake();
                    LoopbackPair.echo(ssl);
                    try {
                        return ((java.security.cert.X509Certificate) ssl.getSession().getPeerCertificates()[0])
                                .getSubjectX500Principal().getName();
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        return "no client certificate";
                    }
                } catch (IOException e) {
                    return "donor failed: " + e;
                }
            });
            try (Socket raw = new Socket(InetAddress.getByName(host), server.getLocalPort())) {
                raw.setSoTimeout(5000);
                SSLSocket ssl = recovery.layer(raw, host, server.getLocalPort());
                ssl.startHandshake();
                ssl.getOutputStream().write("ping\n".getBytes());
                ssl.getInputStream().readNBytes(5);
            }
            return donor.get(15, TimeUnit.SECONDS);
        }
    }
}
