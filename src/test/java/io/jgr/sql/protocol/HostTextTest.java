package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostTextTest {
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "::1, ::1",
            "::, ::",
            "fe80:0:0:0:0:0:0:1, fe80::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
            "::ffff:127.0.0.2, 127.0.0.2"})
    void printsAddressesAsMySql(String literal, String expected) throws Exception {
        assertThat(HostText.of(InetAddress.getByName(literal))).isEqualTo(expected);
    }
}
