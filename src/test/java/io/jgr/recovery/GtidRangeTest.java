package io.jgr.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GtidRangeTest {
    @ParameterizedTest
    @CsvSource({
            "AAAAAAAA-bbbb-cccc-dddd-eeeeeeeeeeee:1-10, aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:1-10, 10",
            "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:7, aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:7, 1",
            "' aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:5-5 ', aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:5, 1"})
    void parses(String text, String canonical, long count) {
        GtidRange r = GtidRange.parse(text);
        assertThat(r).hasToString(canonical);
        assertThat(r.count()).isEqualTo(count);
    }

    @ParameterizedTest
    @CsvSource({"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:0-3", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:5-3", "nope:1-2",
            "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:1-2'; DROP TABLE t; --", "'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:1-2,3-4'"})
    void refuses(String text) {
        assertThatThrownBy(() -> GtidRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
