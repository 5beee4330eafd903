package io.jgr.perimeter.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files as OpenSSL does: every certificate / CRL block in a file (other blocks, such as a
 * key in a combined file, skipped), and a private key in PKCS#8, PKCS#1 (RSA) or SEC1 (EC, with or
 * without a leading {@code EC PARAMETERS} block). Errors are plain {@link IOException}s whose text
 * names the file, never its contents.
 */
final class PemFiles {
    private PemFiles() {
    }

    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Object o : objects(file)) {
            if (o instanceof X509CertificateHolder holder) {
                try {
                    out.add(new JcaX509CertificateConverter().getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new IOException("unusable certificate in " + file, e);
                }
            }
        }
        return out;
    }

    static List<X509CRL> crls(Path file) throws IOException {
        List<X509CRL> out = new ArrayList<>();
        for (Object o : objects(file)) {
            if (o instanceof X509CRLHolder holder) {
                try {
                    out.add(new JcaX509CRLConverter().getCRL(holder));
                } catch (GeneralSecurityException e) {
                    throw new IOException("unusable CRL in " + file, e);
                }
            }
        }
        return out;
    }

    /** The first private key in the file. */
    static PrivateKey privateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object o : objects(file)) {
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IOException("the private key in " + file + " is encrypted; jgr reads unencrypted keys only");
            }
        }
        throw new IOException("no private key in " + file);
    }

    /** Every certificate in the regular files of a directory (file names sorted; unreadable files skipped). */
    static List<X509Certificate> certificatesIn(Path dir) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path file : filesIn(dir)) {
            try {
                out.addAll(certificates(file));
            } catch (IOException e) {
                // like OpenSSL's hashed-directory lookup, a file that is not PEM is simply not a CA
            }
        }
        return out;
    }

    static List<X509CRL> crlsIn(Path dir) throws IOException {
        List<X509CRL> out = new ArrayList<>();
        for (Path file : filesIn(dir)) {
            try {
                out.addAll(crls(file));
            } catch (IOException e) {
                // not a CRL file
            }
        }
        return out;
    }

    private static TreeSet<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a readable directory");
        }
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p) && Files.isReadable(p)) {
                    files.add(p);
                }
            }
        }
        return files;
    }

    private static List<Object> objects(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException(file + " is not a readable file");
        }
        List<Object> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (int i = 0; i < 10_000; i++) {
                Object o;
                try {
                    o = parser.readObject();
                } catch (IOException | RuntimeException e) {
                    // the parser's own text may quote the content: keep only the file name
                    throw new IOException("malformed PEM in " + file);
                }
                if (o == null) {
                    break;
                }
                out.add(o);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("malformed PEM in " + file);
        }
        return out;
    }
}
