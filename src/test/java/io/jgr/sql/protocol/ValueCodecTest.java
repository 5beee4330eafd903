package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Text and binary encodings of values, and the binary parameter decoder, table-driven. */
class ValueCodecTest {

    static Stream<Arguments> textCases() {
        return Stream.of(
                Arguments.of(42L, 0, "42"),
                Arguments.of(new BigInteger("18446744073709551615"), 0, "18446744073709551615"),
                Arguments.of(new BigDecimal("1E+3"), 0, "1000"),
                Arguments.of(new BigDecimal("-0.000100"), 6, "-0.000100"),
                Arguments.of(1.5d, 31, "1.5"),
                Arguments.of(100d, 31, "100"),
                Arguments.of(1e20d, 31, "1e20"),
                Arguments.of(1e-7d, 31, "1e-7"),
                Arguments.of(0.1f, 31, "0.1"),
                Arguments.of(Boolean.TRUE, 0, "1"),
                Arguments.of(LocalDate.of(7, 1, 2), 0, "0007-01-02"),
                Arguments.of(LocalDateTime.of(2024, 2, 29, 1, 2, 3), 0, "2024-02-29 01:02:03"),
                Arguments.of(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 120_000_000), 3, "2024-02-29 01:02:03.120"),
                Arguments.of(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 123_456_000), 6, "2024-02-29 01:02:03.123456"),
                Arguments.of(LocalDateTime.of(2024, 2, 29, 1, 2, 3), 2, "2024-02-29 01:02:03.00"),
                Arguments.of(Duration.ofHours(-838).minusMinutes(59).minusSeconds(59), 0, "-838:59:59"),
                Arguments.of(Duration.ofSeconds(5, 500_000_000), 1, "00:00:05.5"),
                Arguments.of(Duration.ZERO, 0, "00:00:00"),
                Arguments.of("ünï", 0, "ünï"));
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @MethodSource("textCases")
    void textProtocolSpellsValuesAsMySql(Object value, int decimals, String expected) {
        assertThat(TextValues.format(value, decimals)).isEqualTo(expected);
    }

    static Stream<Arguments> binaryCases() {
        return Stream.of(
                Arguments.of(ColumnType.TINY, -1L, "ff", -1L),
                Arguments.of(ColumnType.SHORT, -2L, "feff", -2L),
                Arguments.of(ColumnType.YEAR, 2024L, "e807", 2024L),
                Arguments.of(ColumnType.LONG, -3L, "fdffffff", -3L),
                Arguments.of(ColumnType.INT24, 8388607L, "ffff7f00", 8388607L),
                Arguments.of(ColumnType.LONGLONG, Long.MIN_VALUE, "0000000000000080", Long.MIN_VALUE),
                Arguments.of(ColumnType.FLOAT, 1.5f, "0000c03f", 1.5f),
                Arguments.of(ColumnType.DOUBLE, -2.0d, "00000000000000c0", -2.0d),
                Arguments.of(ColumnType.NEWDECIMAL, new BigDecimal("12.50"), "0531322e3530", new BigDecimal("12.50")),
                Arguments.of(ColumnType.VAR_STRING, "hé", "036863a9".replace("63a9", "c3a9"), "hé"),
                Arguments.of(ColumnType.BLOB, new byte[] {0, (byte) 0xFF}, "0200ff", new byte[] {0, (byte) 0xFF}),
                Arguments.of(ColumnType.DATE, LocalDate.of(2024, 12, 31), "04e8070c1f", LocalDate.of(2024, 12, 31)),
                Arguments.of(ColumnType.DATETIME, LocalDateTime.of(2024, 12, 31, 0, 0), "04e8070c1f",
                        LocalDateTime.of(2024, 12, 31, 0, 0)),
                Arguments.of(ColumnType.DATETIME, LocalDateTime.of(2024, 12, 31, 23, 59, 58), "07e8070c1f173b3a",
                        LocalDateTime.of(2024, 12, 31, 23, 59, 58)),
                Arguments.of(ColumnType.TIMESTAMP, LocalDateTime.of(2024, 12, 31, 23, 59, 58, 1000), "0be8070c1f173b3a01000000",
                        LocalDateTime.of(2024, 12, 31, 23, 59, 58, 1000)),
                Arguments.of(ColumnType.TIME, Duration.ZERO, "00", Duration.ZERO),
                Arguments.of(ColumnType.TIME, Duration.ofHours(-30).minusMinutes(15), "0801" + "01000000" + "060f00",
                        Duration.ofHours(-30).minusMinutes(15)),
                Arguments.of(ColumnType.TIME, Duration.ofSeconds(1, 2000), "0c00" + "00000000" + "000001" + "02000000",
                        Duration.ofSeconds(1, 2000)));
    }

    /** A binary row value and a binary parameter share one layout, so each case checks both directions. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("binaryCases")
    void binaryValuesEncodeAndDecode(ColumnType type, Object value, String hex, Object decoded) {
        PayloadWriter w = new PayloadWriter();
        BinaryValues.write(w, type, value);
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(hex);
        Object back = BinaryParameters.value(new PayloadReader(w.toByteArray()), type.code());
        if (decoded instanceof byte[] b) {
            assertThat((byte[]) back).isEqualTo(b);
        } else {
            assertThat(back).isEqualTo(decoded);
        }
    }

    @Test
    void unsignedParametersWidenAndStringsThatAreNotUtf8StayBytes() {
        assertThat(BinaryParameters.value(new PayloadReader(new byte[] {(byte) 0xFF}), 0x8001)).isEqualTo(255L);
        assertThat(BinaryParameters.value(new PayloadReader(HexFormat.of().parseHex("ffffffffffffffff")), 0x8008))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(BinaryParameters.value(new PayloadReader(HexFormat.of().parseHex("ffffffff")), 0x8003)).isEqualTo(4294967295L);
        assertThat(BinaryParameters.value(new PayloadReader(new byte[] {2, 0, (byte) 0xFF}), 253)).isEqualTo(new byte[] {0, (byte) 0xFF});
    }

    @Test
    void parameterBlockWithNullBitmapReboundTypesAndLongData() {
        int[] types = {-1, -1, -1};
        // NULL bitmap: param 1 is NULL; new-params-bound = 1; types LONGLONG, VAR_STRING, BLOB; values.
        PayloadWriter w = new PayloadWriter().int1(0b010).int1(1).int2(8).int2(253).int2(252)
                .int8(7);
        List<Object> first = BinaryParameters.decode(new PayloadReader(w.toByteArray()), types, Map.of(2, new byte[] {9}));
        assertThat(first.get(0)).isEqualTo(7L);
        assertThat(first.get(1)).isNull();
        assertThat((byte[]) first.get(2)).isEqualTo(new byte[] {9});
        // Second execute without types: the ones bound before apply.
        PayloadWriter again = new PayloadWriter().int1(0).int1(0).int8(8).lenencString("x").lenencBytes(new byte[] {1});
        List<Object> second = BinaryParameters.decode(new PayloadReader(again.toByteArray()), types, new HashMap<>());
        assertThat(second.subList(0, 2)).containsExactly(8L, "x");
        assertThat(Arrays.equals((byte[]) second.get(2), new byte[] {1})).isTrue();
    }

    @Test
    void columnDefinitionLayout() {
        Column c = new Column("db", "t", "t0", "c", "c0", 63, 11, ColumnType.LONG, Column.NOT_NULL_FLAG, 0);
        assertThat(HexFormat.of().formatHex(ColumnDefinitions.encode(c).toByteArray())).isEqualTo(
                "03646566" + "026462" + "0174" + "027430" + "0163" + "026330" + "0c" + "3f00" + "0b000000" + "03" + "0100" + "00" + "0000");
        assertThat(ColumnDefinitions.encode(c, true).toByteArray()).endsWith(0xFB);
    }
}
