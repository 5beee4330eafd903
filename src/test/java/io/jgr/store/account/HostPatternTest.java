package io.jgr.store.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {

    @ParameterizedTest
    @CsvSource({
            "%, 203.0.113.5, true",
            "localhost, 127.0.0.1, true",
            "localhost, ::1, true",
            "localhost, 10.0.0.1, false",
            "10.0.0.%, 10.0.0.77, true",
            "10.0.0.%, 10.0.1.77, false",
            "10.0.0._, 10.0.0.7, true",
            "10.0.0._, 10.0.0.70, false",
            "192.168.1.0/255.255.255.0, 192.168.1.200, true",
            "192.168.1.0/255.255.255.0, 192.168.2.1, false",
            "192.0.2.1, 192.0.2.1, true",
            "192.0.2.1, 192.0.2.2, false",
            "db.example.com, 192.0.2.2, false",
    })
    void matches(String pattern, String client, boolean expected) throws Exception {
        assertThat(HostPattern.matches(pattern, InetAddress.getByName(client))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"192.0.2.1, 10.0.0.%", "10.0.0.%, 10.0.%", "10.0.%, %", "localhost, %"})
    void moreSpecificSortsFirst(String specific, String general) {
        assertThat(HostPattern.specificity(specific)).isLessThan(HostPattern.specificity(general));
    }
}
