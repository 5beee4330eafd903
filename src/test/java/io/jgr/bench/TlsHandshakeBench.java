package io.jgr.bench;

import io.jgr.perimeter.tls.GroupTls;
import io.jgr.perimeter.tls.TlsHandshake;
import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.KeyFormat;
import io.jgr.pki.PkiFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of one new member connection over loopback (connect, TLS handshake both sides, one byte each
 * way, close) per {@code group_replication_ssl_mode} and key type. Both ends run in this JVM, so a
 * figure is the whole handshake's CPU on this machine. Run: {@code bench/tls-handshake.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TlsHandshakeBench {
    @Param({"DISABLED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"})
    public String mode;

    @Param({"EC_P256", "RSA_2048"})
    public String key;

    private GroupTls acceptor;
    private GroupTls dialler;
    private ServerSocket server;
    private ExecutorService pool;
    private volatile boolean open;
    private Path dir;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jgr-bench-tls");
        CertificateAuthority ca = CertificateAuthority.root("bench CA", KeyAlgorithm.EC_P256);
        Path caFile = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
        Path crlFile = PkiFiles.writeCrls(dir.resolve("crl.pem"), List.of(ca.crl()));
        IssuedCertificate member = ca.issue(CertificateRequest.leaf("member").ip("127.0.0.1").key(KeyAlgorithm.valueOf(key)));
        Map<String, String> options = new HashMap<>();
        options.put("group_replication_ssl_mode", mode);
        options.put("ssl_cert", PkiFiles.writeCertificates(dir.resolve("cert.pem"), member.presentedChain()).toString());
        options.put("ssl_key", PkiFiles.writeKey(dir.resolve("key.pem"), member.keyPair(), KeyFormat.PKCS8).toString());
        options.put("ssl_ca", caFile.toString());
        options.put("ssl_crl", crlFile.toString());
        acceptor = GroupTls.start(options);
        dialler = GroupTls.start(options);
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        server.setSoTimeout(200);
        pool = Executors.newFixedThreadPool(2);
        open = true;
        pool.submit(this::acceptLoop);
    }

    private void acceptLoop() {
        while (open) {
            try (Socket raw = server.accept()) {
                raw.setSoTimeout(5000);
                raw.setTcpNoDelay(true); // as JGroups' TCP does; without it Nagle + delayed ACK add ~40 ms

                Socket s = raw;
                if (acceptor.enabled()) {
                    SSLSocket ssl = acceptor.wrapAccepted(raw);
                    TlsHandshake.accept(ssl, Duration.ofSeconds(5));
                    s = ssl;
                }
                int b = s.getInputStream().read();
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
            } catch (SocketTimeoutException e) {
                // look at open again
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    @Benchmark
    public int newConnection() throws IOException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.getLocalPort());
        Socket s;
        if (dialler.enabled()) {
            SSLSocket ssl = dialler.newClientSocket();
            ssl.setTcpNoDelay(true);
            ssl.connect(target, 5000);
            TlsHandshake.connect(ssl, Duration.ofSeconds(5));
            s = ssl;
        } else {
            s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(target, 5000);
        }
        try (s) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(7);
            s.getOutputStream().flush();
            return s.getInputStream().read();
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        open = false;
        server.close();
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
