package io.jgr.gcs;

import io.jgr.perimeter.tls.GroupTls;
import io.jgr.perimeter.tls.SslMode;
import io.jgr.perimeter.tls.TlsConfigException;
import io.jgr.pki.CertificateAuthority;
import io.jgr.pki.CertificateRequest;
import io.jgr.pki.IssuedCertificate;
import io.jgr.pki.KeyAlgorithm;
import io.jgr.pki.KeyFormat;
import io.jgr.pki.PkiFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * PEM files for group tests, written once per JVM to a temporary directory removed at exit: a group CA
 * with its CRL, member certificates with IP SANs 127.0.0.1–.5, and for 127.0.0.3 and .4 each a foreign CA's
 * certificate and a revoked one. {@link #sslOptions} gives the {@code ssl_*} options pointing at them and
 * {@link #tls} builds the real {@link GroupTls} from those.
 */
public final class GroupPki {
    public static final GroupPki INSTANCE = create();

    private final Path dir;
    private final CertificateAuthority ca = CertificateAuthority.root("jgr gcs test CA", KeyAlgorithm.EC_P256);
    private final CertificateAuthority foreign = CertificateAuthority.root("jgr gcs test CA", KeyAlgorithm.EC_P256);
    private final Path caFile;
    private final Path crlFile;

    private GroupPki(Path dir) throws IOException {
        this.dir = dir;
        for (int i = 1; i <= 5; i++) {
            write("member" + i, ca.issue(CertificateRequest.leaf("member " + i).ip("127.0.0." + i)));
        }
        for (int i = 3; i <= 4; i++) {
            write("foreign" + i, foreign.issue(CertificateRequest.leaf("member " + i).ip("127.0.0." + i)));
            IssuedCertificate revoked = ca.issue(CertificateRequest.leaf("member " + i).ip("127.0.0." + i));
            write("revoked" + i, revoked);
            ca.revoke(revoked.certificate());
        }
        caFile = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
        crlFile = PkiFiles.writeCrls(dir.resolve("crl.pem"), List.of(ca.crl()));
    }

    private static GroupPki create() {
        try {
            Path dir = Files.createTempDirectory("jgr-gcs-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return new GroupPki(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree, best effort (also used for test datadirs). */
    public static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    private void write(String name, IssuedCertificate issued) throws IOException {
        PkiFiles.writeCertificates(dir.resolve(name + "-cert.pem"), issued.presentedChain());
        PkiFiles.writeKey(dir.resolve(name + "-key.pem"), issued.keyPair(), KeyFormat.PKCS8);
    }

    /**
     * The server's {@code ssl_*} options for the named certificate ("member1".."member5", "foreign3",
     * "revoked3", "foreign4", "revoked4"), trusting the group CA and its CRL.
     */
    public Map<String, String> sslOptions(String certificate) {
        Map<String, String> options = new HashMap<>();
        options.put("ssl_cert", dir.resolve(certificate + "-cert.pem").toString());
        options.put("ssl_key", dir.resolve(certificate + "-key.pem").toString());
        options.put("ssl_ca", caFile.toString());
        options.put("ssl_crl", crlFile.toString());
        return options;
    }

    /** The member TLS for {@code mode} with the named certificate (see {@link #sslOptions}). */
    public GroupTls tls(SslMode mode, String certificate) {
        Map<String, String> options = sslOptions(certificate);
        options.put("group_replication_ssl_mode", mode.name());
        try {
            return GroupTls.start(options);
        } catch (TlsConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
