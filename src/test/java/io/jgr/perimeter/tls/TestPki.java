package io.jgr.perimeter.tls;

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
 * A PKI written to a temporary directory once per JVM: the group CA, a second trusted CA (for
 * ssl_capath), a foreign CA, and member certificates good and bad, with the option maps that point
 * at them.
 */
final class TestPki {
    static final TestPki INSTANCE = create();

    final Path dir;
    final CertificateAuthority ca;
    final CertificateAuthority secondCa;
    final CertificateAuthority foreignCa;
    final Path caFile;
    final Path capath;
    final Path crlFile;
    final Path crlpath;
    final Map<String, Member> members = new HashMap<>();

    /** A member's certificate and key files. */
    record Member(IssuedCertificate issued, Path cert, Path key) {
    }

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        ca = CertificateAuthority.root("jgr group CA", KeyAlgorithm.EC_P256);
        secondCa = CertificateAuthority.root("jgr second CA", KeyAlgorithm.EC_P256);
        foreignCa = CertificateAuthority.root("jgr group CA", KeyAlgorithm.EC_P256); // same name, other key
        CertificateRequest member = CertificateRequest.leaf("member").ip("127.0.0.1").dns("localhost");
        add("good", ca.issue(member), KeyFormat.SEC1);
        add("rsa", ca.issue(member.key(KeyAlgorithm.RSA_2048)), KeyFormat.PKCS1);
        add("pkcs8", ca.issue(member), KeyFormat.PKCS8);
        add("expired", ca.issue(member.expired()), KeyFormat.SEC1);
        add("notyet", ca.issue(member.notYetValid()), KeyFormat.SEC1);
        add("foreign", foreignCa.issue(member), KeyFormat.SEC1);
        add("otherhost", ca.issue(CertificateRequest.leaf("elsewhere").ip("127.0.0.9").dns("elsewhere.invalid")), KeyFormat.SEC1);
        add("dnsonly", ca.issue(CertificateRequest.leaf("by-name").dns("localhost")), KeyFormat.SEC1);
        add("second", secondCa.issue(member), KeyFormat.SEC1);
        IssuedCertificate revoked = ca.issue(member);
        add("revoked", revoked, KeyFormat.SEC1);
        ca.revoke(revoked.certificate());

        caFile = PkiFiles.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()));
        capath = dir.resolve("capath");
        PkiFiles.writeHashedCaDirectory(capath, List.of(ca.certificate(), secondCa.certificate()));
        crlFile = PkiFiles.writeCrls(dir.resolve("crl.pem"), List.of(ca.crl()));
        crlpath = dir.resolve("crlpath");
        PkiFiles.writeHashedCrlDirectory(crlpath, List.of(ca.crl()));
    }

    private static TestPki create() {
        try {
            Path dir = Files.createTempDirectory("jgr-tls-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return new TestPki(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the test keys when the JVM exits. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }

    private void add(String name, IssuedCertificate issued, KeyFormat format) throws IOException {
        Path cert = PkiFiles.writeCertificates(dir.resolve(name + "-cert.pem"), issued.presentedChain());
        Path key = PkiFiles.writeKey(dir.resolve(name + "-key.pem"), issued.keyPair(), format);
        members.put(name, new Member(issued, cert, key));
    }

    Member member(String name) {
        return members.get(name);
    }

    /** Main-set options for a member with the group CA, in {@code mode}. */
    Map<String, String> options(SslMode mode, String member) {
        Map<String, String> o = new HashMap<>();
        o.put(TlsOptions.SSL_MODE, mode.name());
        o.put("ssl_cert", member(member).cert().toString());
        o.put("ssl_key", member(member).key().toString());
        o.put("ssl_ca", caFile.toString());
        return o;
    }
}
