package io.jgr.perimeter.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.KeyFormat;
import io.jgr.pki.PkiFiles;
import io.jgr.testing.LogCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotates the member certificate and the CA under a running listener: new connections get the new
 * material, a connection opened before keeps working, a bad reload changes nothing.
 */
class TlsReloadTest {
    private static final TestPki PKI = TestPki.INSTANCE;

    /** A listener that serves connections until closed: each line is answered with "line:serial of our certificate". */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService pool = Executors.newCachedThreadPool();
        private volatile boolean open = true;

        Listener(GroupTls tls) throws IOException {
            server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
            server.setSoTimeout(200);
            pool.submit(() -> {
                for (int i = 0; i < 10_000 && open; i++) {
                    try {
                        Socket raw = server.accept();
                        pool.submit(() -> serve(tls, raw));
                    } catch (SocketTimeoutException e) {
                        // check open again
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void serve(GroupTls tls, Socket raw) {
            try (raw) {
                raw.setSoTimeout(10_000);
                SSLSocket ssl = tls.wrapAccepted(raw);
                TlsHandshake.accept(ssl, LoopbackPair.TIMEOUT);
                String serial = ((X509Certificate) ssl.getSession().getLocalCertificates()[0]).getSerialNumber().toString(16);
                BufferedReader in = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(ssl.getOutputStream(), true, StandardCharsets.US_ASCII);
                for (int i = 0; i < 100; i++) {
                    String line = in.readLine();
                    if (line == null) {
                        return;
                    }
                    out.println(line + ":" + serial);
                }
            } catch (IOException e) {
                // refusals are logged by TlsHandshake
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            open = false;
            server.close();
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A connection to the listener, with a line exchange. */
    private record Connection(SSLSocket socket, BufferedReader in, PrintWriter out) implements AutoCloseable {
        static Connection open(GroupTls client, int port) throws IOException {
            Socket s = LoopbackPair.member(client).dial(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            s.setSoTimeout(10_000);
            return new Connection((SSLSocket) s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)),
                    new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII));
        }

        /** The serial the server answered with. */
        String ask(String line) throws IOException {
            out.println(line);
            String answer = in.readLine();
            if (answer == null || !answer.startsWith(line + ":")) {
                throw new IOException("no answer to " + line + ": " + answer);
            }
            return answer.substring(line.length() + 1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void rotateCertificateAndCaWhileListening(@TempDir Path dir) throws Exception {
        CertificateAuthority newCa = CertificateAuthority.root("jgr group CA 2027", KeyAlgorithm.EC_P256);
        IssuedCertificate newServer = newCa.issue(CertificateRequest.leaf("member-2027").ip("127.0.0.1"));
        IssuedCertificate newClient = newCa.issue(CertificateRequest.leaf("peer-2027").ip("127.0.0.1"));
        Path newCaFile = PkiFiles.writeCertificates(dir.resolve("ca-2027.pem"), List.of(newCa.certificate()));
        Map<String, String> rotated = options(newServer, newCaFile, dir, "server");
        Map<String, String> newPeer = options(newClient, newCaFile, dir, "client");

        GroupTls server = GroupTls.start(PKI.options(SslMode.VERIFY_IDENTITY, "good"));
        GroupTls oldPeer = GroupTls.start(PKI.options(SslMode.VERIFY_IDENTITY, "pkcs8"));
        String oldSerial = PKI.member("good").issued().certificate().getSerialNumber().toString(16);
        String newSerial = newServer.certificate().getSerialNumber().toString(16);

        try (Listener listener = new Listener(server); LogCapture log = LogCapture.open()) {
            try (Connection before = Connection.open(oldPeer, listener.port())) {
                assertThat(before.ask("hello")).isEqualTo(oldSerial);

                server.reload(rotated);

                try (Connection after = Connection.open(GroupTls.start(newPeer), listener.port())) {
                    assertThat(after.ask("hello")).as("new connections use the new certificate").isEqualTo(newSerial);
                }
                assertThat(before.ask("still there?")).as("the old connection keeps working").isEqualTo(oldSerial);
                assertThatThrownBy(() -> Connection.open(oldPeer, listener.port()).ask("hello"))
                        .as("a peer that only trusts the old CA is refused now")
                        .isInstanceOf(TlsHandshakeException.class)
                        .extracting(e -> ((TlsHandshakeException) e).failure()).isEqualTo(HandshakeFailure.UNTRUSTED_CA);

                MemberTlsContext installed = server.current();
                Map<String, String> mismatched = new HashMap<>(rotated);
                mismatched.put("ssl_key", PKI.member("good").key().toString());
                assertThatThrownBy(() -> server.reload(mismatched))
                        .isInstanceOf(TlsConfigException.class).hasMessage("Private key is not properly loaded");
                Map<String, String> noCa = new HashMap<>(rotated);
                noCa.put("ssl_ca", dir.resolve("missing.pem").toString());
                assertThatThrownBy(() -> server.reload(noCa)).isInstanceOf(TlsConfigException.class)
                        .hasMessage("Cannot use default locations because ca_file or ca_path has been specified");
                assertThat(server.current()).as("a failed reload changes nothing").isSameAs(installed);

                ClientPortTls port = ClientPortTls.load(rotated);
                ClientPortTls.Context portBefore = port.context();
                assertThatThrownBy(() -> TlsReload.reload(mismatched, port, server))
                        .isInstanceOf(SQLException.class)
                        .hasMessageStartingWith("Failed to set up SSL because of the following SSL library error: ")
                        .hasMessageEndingWith("Private key is not properly loaded")
                        .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(3888);
                assertThat(port.context()).isSameAs(portBefore);
                assertThat(server.current()).isSameAs(installed);

                try (Connection again = Connection.open(GroupTls.start(newPeer), listener.port())) {
                    assertThat(again.ask("hello")).isEqualTo(newSerial);
                }
                assertThat(before.ask("and now?")).isEqualTo(oldSerial);
            }
            assertThat(log.linesContaining("Failed to reload TLS material; the previous material stays in use"))
                    .singleElement().asString().contains("Private key is not properly loaded");
        }
    }

    private static Map<String, String> options(IssuedCertificate cert, Path ca, Path dir, String name) throws IOException {
        Map<String, String> o = new HashMap<>();
        o.put(TlsOptions.SSL_MODE, "VERIFY_IDENTITY");
        o.put("ssl_cert", PkiFiles.writeCertificates(dir.resolve(name + "-cert.pem"), cert.presentedChain()).toString());
        o.put("ssl_key", PkiFiles.writeKey(dir.resolve(name + "-key.pem"), cert.keyPair(), KeyFormat.PKCS8).toString());
        o.put("ssl_ca", ca.toString());
        return o;
    }
}
