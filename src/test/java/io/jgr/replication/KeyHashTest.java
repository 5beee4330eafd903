package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

/** Keys the collation considers equal hash equal; different keys differ. */
class KeyHashTest {

    static List<Arguments> equalKeys() {
        return List.of(
                Arguments.of("Alice", "alice"),
                Arguments.of(1, 1L),
                Arguments.of(new BigDecimal("1.50"), new BigDecimal("1.5")),
                Arguments.of(new BigDecimal("0.00"), new BigDecimal("0")),
                Arguments.of(7, new BigDecimal("7")));
    }

    @ParameterizedTest
    @MethodSource("equalKeys")
    void equalUnderTheCollation(Object a, Object b) {
        assertThat(KeyHash.of("db", "t", List.of("k"), new Object[] {a}))
                .isEqualTo(KeyHash.of("DB", "T", List.of("K"), new Object[] {b}));
    }

    @ParameterizedTest
    @CsvSource({"alice,alicf", "1,2", "a,' a'", "a,'a '"}) // NO PAD: trailing spaces count
    void differentValuesDiffer(String a, String b) {
        assertThat(KeyHash.of("db", "t", List.of("k"), new Object[] {a}))
                .isNotEqualTo(KeyHash.of("db", "t", List.of("k"), new Object[] {b}));
    }

    @ParameterizedTest
    @CsvSource({"db,t,k,db,u,k", "db,t,k,dc,t,k", "db,t,k,db,t,j"})
    void theSameValueInAnotherKeyDiffers(String s1, String t1, String c1, String s2, String t2, String c2) {
        assertThat(KeyHash.of(s1, t1, List.of(c1), new Object[] {1}))
                .isNotEqualTo(KeyHash.of(s2, t2, List.of(c2), new Object[] {1}));
    }

    /** Members certify each other's hashes: the function never changes (these are the values every earlier jgr computed). */
    @org.junit.jupiter.api.Test
    void theHashOfAKeyIsFixed() {
        assertThat(KeyHash.of("sbtest", "sbtest1", List.of("id"), new Object[] {42})).isEqualTo(-5699874380454684571L);
        assertThat(KeyHash.of("App", "T", List.of("a", "b"), new Object[] {"X ", new BigDecimal("1.50")})).isEqualTo(9172456762436260348L);
    }
}
