package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OK packet's info ("Records: 2  Duplicates: 0  Warnings: 0") is length-encoded with and
 * without SESSION_TRACK, as mysqld writes it: Connector/J 9 reads it length-encoded always and
 * failed on multi-row INSERTs with "Buffer length is less than expected payload length".
 */
class OkPacketInfoTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void infoIsLengthEncoded(boolean sessionTrack) {
        String info = "Records: 2  Duplicates: 0  Warnings: 0";
        byte[] p = Responses.ok(2, 0, ServerStatus.AUTOCOMMIT, 0, info, sessionTrack).toByteArray();
        // header, affected rows, last insert id, status (2), warnings (2), then the info
        assertThat(p[7]).isEqualTo((byte) info.length());
        assertThat(new String(Arrays.copyOfRange(p, 8, 8 + info.length()), StandardCharsets.US_ASCII)).isEqualTo(info);
        assertThat(p).hasSize(8 + info.length());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void noInfoWithoutSessionTrackEndsAfterTheWarnings(boolean sessionTrack) {
        byte[] p = Responses.ok(1, 0, ServerStatus.AUTOCOMMIT, 0, "", sessionTrack).toByteArray();
        assertThat(p).hasSize(sessionTrack ? 8 : 7);
    }
}
