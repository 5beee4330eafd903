package io.jgr.recovery;

import io.jgr.perimeter.tls.ClientPortTls;
import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.KeyFormat;
import io.jgr.pki.PkiFiles;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.protocol.MySqlServer;
import io.jgr.store.H2Engine;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLSocket;

/**
 * One in-JVM "member": an H2Engine on its own datadir, the real MySQL protocol server on a
 * loopback address with client-port TLS from the test CA, the recovery module installed and a
 * table-backed donor log. The recovery variables live in {@link #recoveryOptions}.
 */
final class TestMember implements AutoCloseable {
    static final String ROOT_PASSWORD = "root-Pw-7f3a9";

    /** The test PKI shared by both members: one CA; each member's certificate names its own address. */
    static final class Pki {
        final CertificateAuthority ca = CertificateAuthority.root("jgr recovery test CA", KeyAlgorithm.EC_P256);
        final Path dir;
        final Path caPem;

        Pki(Path dir) throws Exception {
            this.dir = dir;
            caPem = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
        }

        /** Writes cert and key PEM files for {@code name} naming IP {@code ip}; returns {cert, key}. */
        Path[] leaf(String name, String ip) throws Exception {
            IssuedCertificate c = ca.issue(CertificateRequest.leaf(name).ip(ip));
            Path cert = PkiFiles.writeCertificates(dir.resolve(name + "-cert.pem"), c.presentedChain());
            Path key = PkiFiles.writeKey(dir.resolve(name + "-key.pem"), c.keyPair(), KeyFormat.PKCS8);
            return new Path[] {cert, key};
        }
    }

    final String address;
    final Path datadir;
    final Path[] certAndKey;
    final Pki pki;
    final SystemVariables variables = SystemVariables.standard();
    final Map<String, String> recoveryOptions = new HashMap<>();
    H2Engine engine;
    MySqlServer server;
    RecoveryModule recovery;
    TableDonorLog log;

    TestMember(String address, Path datadir, Pki pki) throws Exception {
        this.address = address;
        this.datadir = Files.createDirectories(datadir);
        this.pki = pki;
        this.certAndKey = pki.leaf("member-" + address, address);
        recoveryOptions.put("group_replication_recovery_retry_count", "1");
        recoveryOptions.put("group_replication_recovery_reconnect_interval", "0");
        start();
    }

    void start() throws Exception {
        engine = H2Engine.open(datadir, variables, H2Engine.Options.defaults().withRootPassword(ROOT_PASSWORD));
        log = new TableDonorLog(datadir);
        recovery = RecoveryModule.install(engine, datadir, this::settings, () -> log);
        ClientPortTls tls = ClientPortTls.load(Map.of("ssl_ca", pki.caPem.toString(), "ssl_cert", certAndKey[0].toString(),
                "ssl_key", certAndKey[1].toString()));
        server = new MySqlServer(engine, accepted -> {
            SSLSocket s = tls.upgrade(accepted, null);
            s.startHandshake();
            return s;
        });
        server.start(new InetSocketAddress(address, 0));
    }

    void restart() throws Exception {
        stop();
        start();
    }

    RecoverySettings settings() {
        return RecoverySettings.of(recoveryOptions).withLocalAddress(address);
    }

    Donor asDonor() {
        return new Donor("member-" + address, address, server.port());
    }

    Connection connect(String user, String password, boolean tls) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslMode", tls ? "REQUIRED" : "DISABLED");
        p.setProperty("connectTimeout", "10000");
        p.setProperty("socketTimeout", "60000");
        return DriverManager.getConnection("jdbc:mysql://" + address + ":" + server.port() + "/", p);
    }

    Connection root() throws Exception {
        return connect("root", ROOT_PASSWORD, false);
    }

    void sql(String... statements) throws Exception {
        try (Connection c = root(); var s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    private void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (log != null) {
            log.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
