package io.jgr.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialVaultTest {
    private static final String PASSWORD = "Vault-Pw-93kd!";

    @TempDir
    Path dir;

    @Test
    void storesEncryptedWithOwnerOnlyFilesAndReadsBack() throws Exception {
        CredentialVault v = new CredentialVault(dir);
        assertThat(v.load()).isEmpty();
        v.store(new StoredCredentials("rpl", PASSWORD));
        assertThat(v.load()).contains(new StoredCredentials("rpl", PASSWORD));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v.keyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v.dataFile()))).isEqualTo("rw-------");
        assertThat(Files.size(v.keyFile())).isEqualTo(32);
        for (Path f : Files.list(dir).toList()) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(content).doesNotContain(PASSWORD).doesNotContain("rpl");
        }
        byte[] firstKey = Files.readAllBytes(v.keyFile());
        v.store(new StoredCredentials("rpl2", "other"));
        assertThat(Files.readAllBytes(v.keyFile())).isEqualTo(firstKey); // the key is created once
        assertThat(new CredentialVault(dir).load()).contains(new StoredCredentials("rpl2", "other"));
        assertThat(new StoredCredentials("rpl", PASSWORD).toString()).doesNotContain(PASSWORD);
        v.clear();
        assertThat(v.load()).isEmpty();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                .containsExactly(CredentialVault.KEY_FILE);
    }

    static Stream<Arguments> damage() {
        return Stream.of(
                Arguments.of("a flipped ciphertext byte", (Consumer<CredentialVault>) v -> flip(v.dataFile(), -1), "integrity check"),
                Arguments.of("a flipped nonce byte", (Consumer<CredentialVault>) v -> flip(v.dataFile(), 3), "integrity check"),
                Arguments.of("a flipped key byte", (Consumer<CredentialVault>) v -> flip(v.keyFile(), 0), "integrity check"),
                Arguments.of("a truncated file", (Consumer<CredentialVault>) v -> write(v.dataFile(), new byte[5]), "integrity check"),
                Arguments.of("a short key", (Consumer<CredentialVault>) v -> write(v.keyFile(), new byte[16]), "integrity check"),
                Arguments.of("a missing key", (Consumer<CredentialVault>) v -> delete(v.keyFile()), "key file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void damagedFilesGiveAClearErrorWithoutSecrets(String what, Consumer<CredentialVault> damage, String expected) throws Exception {
        CredentialVault v = new CredentialVault(dir);
        v.store(new StoredCredentials("rpl", PASSWORD));
        damage.accept(v);
        assertThatThrownBy(v::load).isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining(expected).hasMessageNotContaining(PASSWORD);
    }

    private static void flip(Path f, int index) {
        try {
            byte[] b = Files.readAllBytes(f);
            int i = index < 0 ? b.length + index : index;
            b[i] ^= 0x01;
            Files.write(f, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path f, byte[] b) {
        try {
            Files.write(f, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path f) {
        try {
            Files.delete(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
