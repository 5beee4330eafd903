package io.jgr.gr;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * PEM files for plugin tests, once per JVM (removed at exit): a group CA with its CRL, member certificates
 * with IP SANs 127.0.0.1–.4, one from a foreign CA and a revoked one (both for 127.0.0.4).
 */
public final class GrPki {
    public static final GrPki INSTANCE = create();

    private final Path dir;
    private final Path caFile;
    private final Path crlFile;

    private GrPki(Path dir) throws IOException {
        this.dir = dir;
        CertificateAuthority ca = CertificateAuthority.root("jgr gr test CA", KeyAlgorithm.EC_P256);
        CertificateAuthority foreign = CertificateAuthority.root("jgr gr test CA", KeyAlgorithm.EC_P256);
        for (int i = 1; i <= 4; i++) {
            write("member" + i, ca.issue(CertificateRequest.leaf("member " + i).ip("127.0.0." + i)));
        }
        write("foreign4", foreign.issue(CertificateRequest.leaf("member 4").ip("127.0.0.4")));
        IssuedCertificate revoked = ca.issue(CertificateRequest.leaf("member 4").ip("127.0.0.4"));
        write("revoked4", revoked);
        ca.revoke(revoked.certificate());
        caFile = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
        crlFile = PkiFiles.writeCrls(dir.resolve("crl.pem"), List.of(ca.crl()));
    }

    private static GrPki create() {
        try {
            Path dir = Files.createTempDirectory("jgr-gr-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return new GrPki(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private void write(String name, IssuedCertificate issued) throws IOException {
        PkiFiles.writeCertificates(dir.resolve(name + "-cert.pem"), issued.presentedChain());
        PkiFiles.writeKey(dir.resolve(name + "-key.pem"), issued.keyPair(), KeyFormat.PKCS8);
    }

    /** The server's {@code ssl_*} options for the named certificate ("member1".., "foreign4", "revoked4"). */
    public Map<String, String> sslOptions(String certificate) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("ssl_cert", dir.resolve(certificate + "-cert.pem").toString());
        o.put("ssl_key", dir.resolve(certificate + "-key.pem").toString());
        o.put("ssl_ca", caFile.toString());
        o.put("ssl_crl", crlFile.toString());
        return o;
    }
}
