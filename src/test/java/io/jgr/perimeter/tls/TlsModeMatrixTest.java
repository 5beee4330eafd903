package io.jgr.perimeter.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.perimeter.net.MemberTls;
import io.jgr.testing.LogCapture;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The negative matrix over real TLS socket pairs on loopback: each row is a peer with one problem,
 * each column a {@code group_replication_ssl_mode} on both sides. A cell is {@code ok} (connects and
 * talks) or {@code A:REASON} / {@code D:REASON}: refused, and the acceptor (A) or the dialler (D)
 * writes an error-log line with that reason. Then every captured log line and exception text is
 * scanned for key material.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsModeMatrixTest {
    private static final TestPki PKI = TestPki.INSTANCE;
    private static final SslMode[] MODES = SslMode.values();
    private static final String PASSWORD = "s3cret-Pa55word-never-logged";
    private static LogCapture log;
    private static final List<String> exceptionTexts = new ArrayList<>();

    @BeforeAll
    static void capture() {
        log = LogCapture.open();
    }

    @AfterAll
    static void release() {
        log.close();
    }

    /** Builds one side's TLS in a mode. */
    private interface Side extends Function<SslMode, MemberTls> {
    }

    private static Side member(String cert, String... extra) {
        return mode -> {
            Map<String, String> o = PKI.options(mode, cert);
            for (int i = 0; i < extra.length; i += 2) {
                o.put(extra[i], extra[i + 1]);
            }
            o.put("group_replication_recovery_password", PASSWORD); // unrelated secret in the same option map
            try {
                return GroupTls.start(o);
            } catch (TlsConfigException e) {
                throw new AssertionError(e);
            }
        };
    }

    private static Side disabledWhatever() {
        return mode -> member("good").apply(SslMode.DISABLED);
    }

    /** A TLS client that is not a member: trusts anything, has no certificate. */
    private static LoopbackPair.Dialler clientWithoutCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
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
        }}, null);
        return target -> {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(target.getAddress(), target.getPort());
            TlsHandshake.connect(socket, LoopbackPair.TIMEOUT);
            return socket;
        };
    }

    static Stream<Arguments> matrix() throws Exception {
        String crl = "ssl_crl";
        String crlFile = PKI.crlFile.toString();
        String crlpath = "ssl_crlpath";
        String crlDir = PKI.crlpath.toString();
        LoopbackPair.Dialler noCert = clientWithoutCertificate();
        List<Object[]> rows = List.of(
                //    case                              acceptor                           dialler (mode -> dialler)                                      DISABLED          REQUIRED          VERIFY_CA                    VERIFY_IDENTITY
                row("expired client certificate", member("good"), dial(member("expired")), "ok ok A:CERTIFICATE_EXPIRED A:CERTIFICATE_EXPIRED"),
                row("expired server certificate", member("expired"), dial(member("good")), "ok ok D:CERTIFICATE_EXPIRED D:CERTIFICATE_EXPIRED"),
                row("not-yet-valid client", member("good"), dial(member("notyet")), "ok ok A:CERTIFICATE_NOT_YET_VALID A:CERTIFICATE_NOT_YET_VALID"),
                row("not-yet-valid server", member("notyet"), dial(member("good")), "ok ok D:CERTIFICATE_NOT_YET_VALID D:CERTIFICATE_NOT_YET_VALID"),
                row("foreign-CA client", member("good"), dial(member("foreign")), "ok ok A:UNTRUSTED_CA A:UNTRUSTED_CA"),
                row("foreign-CA server", member("foreign"), dial(member("good")), "ok ok D:UNTRUSTED_CA D:UNTRUSTED_CA"),
                row("revoked client, CRL file", member("good", crl, crlFile), dial(member("revoked", crl, crlFile)), "ok ok A:CERTIFICATE_REVOKED A:CERTIFICATE_REVOKED"),
                row("revoked server, CRL file", member("revoked", crl, crlFile), dial(member("good", crl, crlFile)), "ok ok D:CERTIFICATE_REVOKED D:CERTIFICATE_REVOKED"),
                row("revoked client, CRL directory", member("good", crlpath, crlDir), dial(member("revoked", crlpath, crlDir)), "ok ok A:CERTIFICATE_REVOKED A:CERTIFICATE_REVOKED"),
                row("revoked server, CRL directory", member("revoked", crlpath, crlDir), dial(member("good", crlpath, crlDir)), "ok ok D:CERTIFICATE_REVOKED D:CERTIFICATE_REVOKED"),
                row("client SAN names another host", member("good"), dial(member("otherhost")), "ok ok ok A:CLIENT_IDENTITY"),
                row("server SAN names another host", member("otherhost"), dial(member("good")), "ok ok ok D:SERVER_IDENTITY"),
                row("client without certificate", member("good"), m -> noCert, "D:PEER_CLOSED ok A:NO_CLIENT_CERTIFICATE A:NO_CLIENT_CERTIFICATE"),
                row("disjoint tls_version", member("good", "tls_version", "TLSv1.3"), dial(member("good", "tls_version", "TLSv1.2")), "ok A:NO_COMMON_VERSION A:NO_COMMON_VERSION A:NO_COMMON_VERSION"),
                row("disjoint TLSv1.3 suites", member("good", "tls_version", "TLSv1.3", "tls_ciphersuites", "TLS_AES_128_GCM_SHA256"),
                        dial(member("good", "tls_version", "TLSv1.3", "tls_ciphersuites", "TLS_AES_256_GCM_SHA384")), "ok A:NO_COMMON_CIPHER A:NO_COMMON_CIPHER A:NO_COMMON_CIPHER"),
                row("plaintext peer", member("good"), m -> LoopbackPair.plaintext(), "ok A:NOT_TLS A:NOT_TLS A:NOT_TLS"),
                row("TLS peer against DISABLED", disabledWhatever(), dial(member("good")), "ok D:PEER_CLOSED D:PEER_CLOSED D:PEER_CLOSED"));
        List<Arguments> cells = new ArrayList<>();
        for (Object[] r : rows) {
            String[] expected = ((String) r[3]).split(" ");
            for (int i = 0; i < MODES.length; i++) {
                cells.add(Arguments.of(r[0], MODES[i], r[1], r[2], expected[i]));
            }
        }
        return cells.stream();
    }

    private static Object[] row(String name, Side acceptor, Function<SslMode, LoopbackPair.Dialler> dialler, String expected) {
        return new Object[] {name, acceptor, dialler, expected};
    }

    private static Function<SslMode, LoopbackPair.Dialler> dial(Side side) {
        return mode -> LoopbackPair.member(side.apply(mode));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} / {1}: {4}")
    @MethodSource("matrix")
    void cell(String name, SslMode mode, Side acceptor, Function<SslMode, LoopbackPair.Dialler> dialler, String expected)
            throws Exception {
        int linesBefore = log.lines().size();
        LoopbackPair.Outcome outcome = LoopbackPair.run(acceptor.apply(mode), dialler.apply(mode));
        record(outcome.acceptorFailure());
        record(outcome.diallerFailure());
        if (expected.equals("ok")) {
            assertThat(outcome.connected())
                    .as("%s under %s should connect; acceptor: %s, dialler: %s", name, mode,
                            outcome.acceptorFailure(), outcome.diallerFailure())
                    .isTrue();
            return;
        }
        assertThat(outcome.connected()).as("%s under %s must be refused", name, mode).isFalse();
        boolean acceptorDetects = expected.startsWith("A:");
        HandshakeFailure reason = HandshakeFailure.valueOf(expected.substring(2));
        Throwable detected = acceptorDetects ? outcome.acceptorFailure() : outcome.diallerFailure();
        assertThat(detected).as("%s under %s: the %s refuses", name, mode, acceptorDetects ? "acceptor" : "dialler")
                .isInstanceOf(TlsHandshakeException.class);
        TlsHandshakeException refusal = (TlsHandshakeException) detected;
        assertThat(refusal.failure()).as("%s under %s: %s", name, mode, refusal.getMessage()).isEqualTo(reason);
        String prefix = acceptorDetects ? "Refused a TLS connection from 127.0.0.1:" : "Error connecting using SSL to 127.0.0.1:";
        assertThat(refusal.getMessage()).startsWith(prefix).contains(reason == HandshakeFailure.CLIENT_IDENTITY
                || reason == HandshakeFailure.SERVER_IDENTITY ? reason.text().substring(0, 20) : reason.text());
        // Only this cell's lines: an earlier cell's dialler may have had the same ephemeral port, so
        // the same text, in the class-wide capture.
        List<String> lines = log.lines();
        assertThat(lines.subList(linesBefore, lines.size()).stream().filter(l -> l.contains(refusal.getMessage())).toList())
                .as("the operator sees the refusal in the error log")
                .singleElement().asString().contains("[Warning] [MY-011735] [Repl] Plugin group_replication reported: '[GCS] " + prefix);
    }

    private static synchronized void record(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            exceptionTexts.add(String.valueOf(c));
        }
    }

    @Order(2)
    @Test
    void noKeyMaterialOrPasswordInAnyLogLineOrErrorText() throws Exception {
        List<String> texts = new ArrayList<>(log.lines());
        texts.addAll(exceptionTexts);
        assertThat(log.lines()).as("the matrix wrote log lines").isNotEmpty();
        List<String> secrets = new ArrayList<>();
        secrets.add(PASSWORD);
        secrets.add("PRIVATE KEY");
        for (TestPki.Member m : PKI.members.values()) {
            for (String line : Files.readAllLines(m.key())) {
                if (!line.startsWith("-----")) {
                    secrets.add(line.substring(0, Math.min(24, line.length())));
                }
            }
            byte[] der = m.issued().keyPair().getPrivate().getEncoded();
            secrets.add(Base64.getEncoder().encodeToString(der).substring(0, 24));
            secrets.add(java.util.HexFormat.of().formatHex(der).substring(40, 80));
        }
        Map<String, String> leaks = new HashMap<>();
        for (String text : texts) {
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    leaks.put(secret, text);
                }
            }
        }
        assertThat(leaks).as("secrets found in log lines or exception texts").isEmpty();
    }
}
