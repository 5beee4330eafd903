package io.jgr.recovery;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stored recovery credentials, encrypted at rest (jgr decision 12; MySQL keeps them in clear
 * in {@code mysql.slave_master_info}). A random 256-bit AES key lives in
 * {@code <datadir>/recovery-credentials.key} (0600, created on first store); the AES-GCM
 * ciphertext lives in {@code recovery-credentials.enc} (0600): version byte, 12-byte nonce,
 * ciphertext with tag. The tag covers the version and the file's purpose, so any change to either
 * file is detected rather than decrypted into garbage.
 */
public final class CredentialVault {
    static final String KEY_FILE = "recovery-credentials.key";
    static final String DATA_FILE = "recovery-credentials.enc";
    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] AAD = "jgr group_replication_recovery credentials v1".getBytes(StandardCharsets.US_ASCII);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;
    private final Path dataFile;

    public CredentialVault(Path datadir) {
        this.keyFile = datadir.resolve(KEY_FILE);
        this.dataFile = datadir.resolve(DATA_FILE);
    }

    public Path keyFile() {
        return keyFile;
    }

    public Path dataFile() {
        return dataFile;
    }

    /** The stored user and password, or empty when none are stored (MySQL: both columns empty). */
    public synchronized Optional<StoredCredentials> load() throws CredentialStoreException {
        if (!Files.exists(dataFile)) {
            return Optional.empty();
        }
        if (!Files.exists(keyFile)) {
            throw new CredentialStoreException("The stored recovery credentials cannot be decrypted: the key file "
                    + keyFile + " is missing");
        }
        byte[] key = readKey();
        byte[] blob;
        try {
            blob = Files.readAllBytes(dataFile);
        } catch (IOException e) {
            throw new CredentialStoreException("Cannot read " + dataFile + ": " + e.getClass().getSimpleName());
        }
        if (blob.length < 1 + NONCE_BYTES + TAG_BITS / 8 || blob[0] != VERSION) {
            throw tampered();
        }
        byte[] plain = null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, blob, 1, NONCE_BYTES));
            c.updateAAD(AAD);
            plain = c.doFinal(blob, 1 + NONCE_BYTES, blob.length - 1 - NONCE_BYTES);
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plain));
            String user = in.readUTF();
            String password = in.readUTF();
            return Optional.of(new StoredCredentials(user, password));
        } catch (AEADBadTagException e) {
            throw tampered();
        } catch (GeneralSecurityException | IOException e) {
            throw new CredentialStoreException("The stored recovery credentials in " + dataFile
                    + " cannot be decrypted: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(key, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** Replaces what is stored; creates the key file on first use. */
    public synchronized void store(StoredCredentials credentials) throws CredentialStoreException {
        byte[] key = keyForWriting();
        byte[] plain = null;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(credentials.user());
            out.writeUTF(credentials.password());
            out.flush();
            plain = bytes.toByteArray();
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(AAD);
            byte[] sealed = c.doFinal(plain);
            ByteBuffer blob = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed);
            writeOwnerOnly(dataFile, blob.array(), true);
        } catch (GeneralSecurityException | IOException e) {
            throw new CredentialStoreException("Cannot store the recovery credentials in " + dataFile + ": "
                    + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(key, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** Forgets the stored credentials (RESET REPLICA ALL); the key stays for later stores. */
    public synchronized void clear() throws CredentialStoreException {
        try {
            Files.deleteIfExists(dataFile);
        } catch (IOException e) {
            throw new CredentialStoreException("Cannot delete " + dataFile + ": " + e.getClass().getSimpleName());
        }
    }

    private CredentialStoreException tampered() {
        return new CredentialStoreException("The stored recovery credentials in " + dataFile
                + " fail their integrity check: the file or its key " + keyFile
                + " was altered. Store them again with CHANGE REPLICATION SOURCE TO ... FOR CHANNEL 'group_replication_recovery'");
    }

    private byte[] readKey() throws CredentialStoreException {
        try {
            byte[] key = Files.readAllBytes(keyFile);
            if (key.length != KEY_BYTES) {
                Arrays.fill(key, (byte) 0);
                throw tampered();
            }
            return key;
        } catch (IOException e) {
            if (e instanceof CredentialStoreException c) {
                throw c;
            }
            throw new CredentialStoreException("Cannot read the key file " + keyFile + ": " + e.getClass().getSimpleName());
        }
    }

    private byte[] keyForWriting() throws CredentialStoreException {
        if (Files.exists(keyFile)) {
            return readKey();
        }
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            writeOwnerOnly(keyFile, key, false);
        } catch (FileAlreadyExistsException e) {
            Arrays.fill(key, (byte) 0);
            return readKey(); // another thread or process won the race: use its key
        } catch (IOException e) {
            throw new CredentialStoreException("Cannot create the key file " + keyFile + ": " + e.getClass().getSimpleName());
        }
        return key;
    }

    /**
     * Writes through a 0600 temporary file created with its permissions (never readable by others,
     * not even for a moment) and moves it in place; {@code replace} false refuses an existing target.
     */
    private static void writeOwnerOnly(Path target, byte[] content, boolean replace) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + Long.toHexString(RANDOM.nextLong()));
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            if (replace) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.createLink(target, tmp); // fails if it exists
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
