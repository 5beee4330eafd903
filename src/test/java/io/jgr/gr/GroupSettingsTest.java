package io.jgr.gr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GroupSettingsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "127.0.0.1:33061, 127.0.0.1:33061",
        "127.0.0.4:1, 127.0.0.4:1",
        "'[::1]:33061', '[::1]:33061'",
        "'[2001:db8:0:0:0:0:0:7]:33061', '[2001:db8::7]:33061'",
        "localhost:33061, 127.0.0.1:33061",
    })
    void endpoints(String value, String expected) throws Exception {
        assertThat(GroupSettings.endpoint(GroupSettings.parseEndpoint(value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", ":3306",
        "::1:33061", "[::1]33061", "[::1:33061"})
    void invalidEndpoints(String value) {
        assertThatThrownBy(() -> GroupSettings.parseEndpoint(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
