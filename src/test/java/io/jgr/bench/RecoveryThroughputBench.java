package io.jgr.bench;

import io.jgr.perimeter.tls.ClientPortTls;
import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.KeyFormat;
import io.jgr.pki.PkiFiles;
import io.jgr.recovery.Donor;
import io.jgr.recovery.DonorLog;
import io.jgr.recovery.GtidRange;
import io.jgr.recovery.LoggedTransaction;
import io.jgr.recovery.RecoveryClient;
import io.jgr.recovery.RecoveryModule;
import io.jgr.recovery.RecoverySettings;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.protocol.MySqlServer;
import io.jgr.store.H2Engine;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;

/**
 * Recovery transfer throughput: a donor (engine + protocol server with TLS on 127.0.0.1) serves a
 * generated log of N transactions of P bytes; a joiner on 127.0.0.2 fetches the whole range over
 * the real recovery connection (Connector/J, recovery TLS with CA and server identity checks) into
 * a sink that checks each payload's length. Prints MB/s and transactions/s per run.
 * Args: transactions (default 100000), payload bytes (default 4096), runs (default 3); system property
 * {@code recovery.tls_ciphersuites} sets {@code group_replication_recovery_tls_ciphersuites}.
 */
public final class RecoveryThroughputBench {
    private static final String GROUP = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    /** Payloads made on the fly, so the figure is the transfer's, not a storage engine's. */
    private record GeneratedLog(long count, int bytes) implements DonorLog {
        @Override
        public Size size(GtidRange range) {
            long n = Math.max(0, Math.min(range.last(), count) - range.first() + 1);
            return new Size(n, n * bytes);
        }

        @Override
        public Stream<LoggedTransaction> read(GtidRange range) {
            byte[] payload = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                payload[i] = (byte) (i * 31);
            }
            return LongStream.rangeClosed(range.first(), Math.min(range.last(), count))
                    .mapToObj(n -> new LoggedTransaction(range.gtid(n), payload));
        }
    }

    public static void main(String[] args) throws Exception {
        long transactions = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("jgr-recovery-bench");
        CertificateAuthority ca = CertificateAuthority.root("bench CA", KeyAlgorithm.EC_P256);
        Path caPem = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
        IssuedCertificate leaf = ca.issue(CertificateRequest.leaf("donor").ip("127.0.0.1"));
        Path cert = PkiFiles.writeCertificates(dir.resolve("cert.pem"), leaf.presentedChain());
        Path key = PkiFiles.writeKey(dir.resolve("key.pem"), leaf.keyPair(), KeyFormat.PKCS8);

        SystemVariables donorVars = SystemVariables.standard();
        H2Engine donorEngine = H2Engine.open(Files.createDirectories(dir.resolve("donor")), donorVars,
                H2Engine.Options.defaults().withRootPassword("bench-root-pw"));
        RecoveryModule.install(donorEngine, dir.resolve("donor"), () -> RecoverySettings.of(Map.of()),
                () -> new GeneratedLog(transactions, payload));
        ClientPortTls tls = ClientPortTls.load(Map.of("ssl_cert", cert.toString(), "ssl_key", key.toString()));
        MySqlServer donor = new MySqlServer(donorEngine, accepted -> {
            SSLSocket s = tls.upgrade(accepted, null);
            s.startHandshake();
            return s;
        });
        donor.start(new InetSocketAddress("127.0.0.1", 0));
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "bench-root-pw");
        p.setProperty("sslMode", "DISABLED");
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + donor.port() + "/", p);
             Statement s = c.createStatement()) {
            s.execute("CREATE USER rpl@'%' IDENTIFIED BY 'bench-rpl-pw' REQUIRE SSL");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO rpl@'%'");
        }

        H2Engine joinerEngine = H2Engine.open(Files.createDirectories(dir.resolve("joiner")), SystemVariables.standard(),
                H2Engine.Options.defaults().withRootPassword("bench-root-pw"));
        RecoveryModule joiner = RecoveryModule.install(joinerEngine, dir.resolve("joiner"),
                () -> RecoverySettings.of(Map.of()), () -> null);
        joiner.credentials().setStartCredentials("rpl", "bench-rpl-pw", null);
        Map<String, String> options = new java.util.HashMap<>(Map.of(
                "group_replication_recovery_use_ssl", "ON",
                "group_replication_recovery_ssl_ca", caPem.toString(),
                "group_replication_recovery_ssl_verify_server_cert", "ON",
                "group_replication_recovery_retry_count", "1"));
        String suites = System.getProperty("recovery.tls_ciphersuites"); // e.g. TLS_AES_128_GCM_SHA256
        if (suites != null) {
            options.put("group_replication_recovery_tls_ciphersuites", suites);
        }
        RecoverySettings settings = RecoverySettings.of(options).withLocalAddress("127.0.0.2");
        GtidRange range = new GtidRange(GROUP, 1, transactions);
        System.out.printf("recovery transfer: %d transactions x %d bytes = %.1f MB over TLS on loopback%n",
                transactions, payload, transactions * (double) payload / 1e6);
        for (int run = 1; run <= runs; run++) {
            AtomicLong received = new AtomicLong();
            long start = System.nanoTime();
            RecoveryClient.Result r = joiner.recover(List.of(new Donor("donor", "127.0.0.1", donor.port())), range, settings,
                    (gtid, bytes) -> received.addAndGet(bytes.length));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (r.outcome() != RecoveryClient.Outcome.DONE || received.get() != transactions * payload) {
                throw new IllegalStateException("run " + run + " failed: " + r);
            }
            System.out.printf("run %d: %.2f s, %.1f MB/s, %.0f transactions/s%n", run, seconds,
                    received.get() / 1e6 / seconds, transactions / seconds);
        }
        donor.close();
        donorEngine.close();
        joinerEngine.close();
    }
}
