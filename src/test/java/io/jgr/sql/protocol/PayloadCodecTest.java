package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadCodecTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0, 00",
            "250, fa",
            "251, fcfb00",
            "65535, fcffff",
            "65536, fd000001",
            "16777215, fdffffff",
            "16777216, fe0000000100000000",
            "9223372036854775807, feffffffffffffff7f",
            "-1, feffffffffffffffff"})
    void lengthEncodedIntegersAtTheirBoundaries(long value, String hex) {
        byte[] encoded = new PayloadWriter().lenenc(value).toByteArray();
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(hex);
        PayloadReader r = new PayloadReader(encoded);
        assertThat(r.lenenc()).isEqualTo(value);
        assertThat(r.hasMore()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0", "250", "251", "65535", "65536", "70000"})
    void lengthEncodedStringsRoundTrip(int length) {
        String s = "é".repeat(length / 2) + "x".repeat(length % 2);
        byte[] encoded = new PayloadWriter().lenencString(s).nulString("tail").toByteArray();
        PayloadReader r = new PayloadReader(encoded);
        assertThat(r.lenencString()).isEqualTo(s);
        assertThat(r.nulString()).isEqualTo("tail");
    }

    @Test
    void fixedIntegersAreLittleEndian() {
        byte[] b = new PayloadWriter().int2(0x0102).int3(0x030405).int4(0xF6070809L).int8(-2).toByteArray();
        assertThat(HexFormat.of().formatHex(b)).isEqualTo("0201" + "050403" + "090807f6" + "feffffffffffffff");
        PayloadReader r = new PayloadReader(b);
        assertThat(r.int2()).isEqualTo(0x0102);
        assertThat(r.int3()).isEqualTo(0x030405);
        assertThat(r.int4()).isEqualTo(0xF6070809L);
        assertThat(r.int8()).isEqualTo(-2);
    }

    @Test
    void readsPastTheEndAreMalformedPackets() {
        assertThatThrownBy(() -> new PayloadReader(new byte[] {1}).int2()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> new PayloadReader(new byte[] {(byte) 0xFB}).lenenc()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> new PayloadReader(new byte[] {5, 'a'}).lenencBytes()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> new PayloadReader(HexFormat.of().parseHex("feffffffffffffff7f")).lenencBytes())
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void errPacketsCarrySqlStateAndCutLongTextsOnCharacterBoundaries() {
        byte[] err = Responses.err(1062, "23000", "Duplicate", true).toByteArray();
        assertThat(HexFormat.of().formatHex(err, 0, 9)).isEqualTo("ff2604" + "233233303030");
        byte[] early = Responses.err(io.jgr.sql.error.MySqlError.ER_CON_COUNT_ERROR, false).toByteArray();
        assertThat(new String(early, 3, early.length - 3)).isEqualTo("Too many connections");
        byte[] longText = Responses.err(1105, "HY000", "é".repeat(400), true).toByteArray();
        assertThat(longText.length - 9).isEqualTo(510);
    }

    @Test
    void okPacketInfoIsLengthEncodedAsMysqldWritesIt() {
        assertThat(HexFormat.of().formatHex(Responses.ok(1, 300, 2, 1, "hi", false).toByteArray()))
                .isEqualTo("00" + "01" + "fc2c01" + "0200" + "0100" + "026869");
        assertThat(HexFormat.of().formatHex(Responses.ok(1, 300, 2, 1, "hi", true).toByteArray()))
                .isEqualTo("00" + "01" + "fc2c01" + "0200" + "0100" + "026869");
        assertThat(HexFormat.of().formatHex(Responses.eof(3, 4).toByteArray())).isEqualTo("fe" + "0400" + "0300");
        assertThat(HexFormat.of().formatHex(Responses.ok(0, 0, 2, 0, "", true, "db").toByteArray()))
                .isEqualTo("00" + "00" + "00" + "0240" + "0000" + "00" + "05" + "01" + "03" + "026462");
    }
}
