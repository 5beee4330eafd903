package io.jgr.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes PKI material as files an operator (or {@code ssl_*} options) would point at: key files
 * readable by the owner only, certificate chains and CA bundles, CRL files, and OpenSSL-style
 * hashed directories for {@code ssl_capath} ({@code <hash>.N}) and {@code ssl_crlpath}
 * ({@code <hash>.rN}).
 */
public final class PkiFiles {
    private PkiFiles() {
    }

    /** The private key in {@code format}, mode 0600 where the file system supports it. */
    public static Path writeKey(Path file, KeyPair keys, KeyFormat format) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's protection applies
        }
        Files.writeString(file, Pem.privateKey(keys, format), StandardCharsets.US_ASCII);
        return file;
    }

    /** Certificates in order: a chain (leaf first) or a CA bundle. */
    public static Path writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, Pem.certificates(certificates), StandardCharsets.US_ASCII);
        return file;
    }

    /** CRLs concatenated in one PEM file (what {@code ssl_crl} names). */
    public static Path writeCrls(Path file, List<X509CRL> crls) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder();
        crls.forEach(c -> text.append(Pem.crl(c)));
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /** One file per CA certificate named {@code <subject hash>.<n>}, as {@code openssl rehash} does. */
    public static List<Path> writeHashedCaDirectory(Path dir, List<X509Certificate> cas) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (X509Certificate ca : cas) {
            Path file = freeName(dir, OpenSslHash.of(ca.getSubjectX500Principal()), "");
            Files.writeString(file, Pem.certificate(ca), StandardCharsets.US_ASCII);
            written.add(file);
        }
        return written;
    }

    /** One file per CRL named {@code <issuer hash>.r<n>}, as {@code openssl rehash} does. */
    public static List<Path> writeHashedCrlDirectory(Path dir, List<X509CRL> crls) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (X509CRL crl : crls) {
            Path file = freeName(dir, OpenSslHash.of(crl.getIssuerX500Principal()), "r");
            Files.writeString(file, Pem.crl(crl), StandardCharsets.US_ASCII);
            written.add(file);
        }
        return written;
    }

    private static Path freeName(Path dir, String hash, String kind) {
        for (int n = 0; n < 1000; n++) {
            Path candidate = dir.resolve(hash + "." + kind + n);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("too many files for hash " + hash + " in " + dir);
    }
}
