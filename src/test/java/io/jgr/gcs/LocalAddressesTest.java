package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalAddressesTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1,      true",
        "127.0.0.5,      true",
        "198.51.100.7,   false",
        "203.0.113.200,  false",
        "0.0.0.0,        false",
    })
    void localInterfacesOnly(String literal, boolean local) throws Exception {
        assertThat(LocalAddresses.isLocalAndUp(InetAddress.getByName(literal))).isEqualTo(local);
    }
}
