package io.jgr.sql.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrambleTest {

    @Test
    void nativeHashIsMySqlsPasswordColumnValue() {
        // SELECT PASSWORD('password') in MySQL 5.7 printed *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19
        assertThat(HexFormat.of().withUpperCase().formatHex(PasswordHashes.nativeHash("password")))
                .isEqualTo("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "x", "ünïcødé ✓", "with 'quotes' and \\backslash"})
    void scramblesVerifyOnlyWithTheRightPasswordAndNonce(String password) {
        byte[] nonce = Nonce.generate();
        byte[] other = Nonce.generate();
        byte[] nativeHash = PasswordHashes.nativeHash(password);
        byte[] sha2Hash = PasswordHashes.sha2Hash(password);

        assertThat(NativePassword.verify(nonce, NativePassword.scramble(nonce, password), nativeHash)).isTrue();
        assertThat(NativePassword.verify(nonce, NativePassword.scramble(nonce, password + "!"), nativeHash)).isFalse();
        assertThat(NativePassword.verify(nonce, NativePassword.scramble(other, password), nativeHash)).isFalse();
        assertThat(NativePassword.verify(nonce, new byte[0], nativeHash)).isFalse();

        assertThat(CachingSha2Password.verifyScramble(nonce, CachingSha2Password.scramble(nonce, password), sha2Hash)).isTrue();
        assertThat(CachingSha2Password.verifyScramble(nonce, CachingSha2Password.scramble(nonce, password + "!"), sha2Hash)).isFalse();
        assertThat(CachingSha2Password.verifyScramble(nonce, CachingSha2Password.scramble(other, password), sha2Hash)).isFalse();
        assertThat(CachingSha2Password.verifyScramble(nonce, new byte[31], sha2Hash)).isFalse();

        byte[] clear = (password + "\0").getBytes(StandardCharsets.UTF_8);
        assertThat(CachingSha2Password.verifyCleartext(clear, sha2Hash)).isTrue();
        assertThat(CachingSha2Password.verifyCleartext("nope\0".getBytes(StandardCharsets.UTF_8), sha2Hash)).isFalse();
    }

    @Test
    void emptyPasswordMatchesOnlyAnEmptyResponse() {
        byte[] nonce = Nonce.generate();
        assertThat(NativePassword.verify(nonce, new byte[0], PasswordHashes.nativeHash(""))).isTrue();
        assertThat(NativePassword.verify(nonce, NativePassword.scramble(nonce, "x"), PasswordHashes.nativeHash(""))).isFalse();
        assertThat(CachingSha2Password.verifyScramble(nonce, new byte[] {0}, PasswordHashes.sha2Hash(""))).isTrue();
        assertThat(CachingSha2Password.verifyScramble(nonce, CachingSha2Password.scramble(nonce, "x"), PasswordHashes.sha2Hash(""))).isFalse();
        assertThat(CachingSha2Password.verifyCleartext(new byte[] {0}, PasswordHashes.sha2Hash(""))).isTrue();
    }

    @Test
    void twentyNonceBytesOfSevenBitsNeverNulOrDollar() {
        assertThat(Nonce.generate()).hasSize(20);
        for (int i = 0; i < 200; i++) {
            for (byte b : Nonce.generate()) {
                assertThat(b).isBetween((byte) 1, (byte) 127).isNotEqualTo((byte) '$');
            }
        }
    }
}
