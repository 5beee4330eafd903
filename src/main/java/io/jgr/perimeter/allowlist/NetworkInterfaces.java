package io.jgr.perimeter.allowlist;

import java.io.IOException;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;

/** Where AUTOMATIC finds the host's interfaces; the JDK's view by default, a fixed table in unit tests. */
@FunctionalInterface
public interface NetworkInterfaces {

    /** One address of one interface with the interface's prefix length. */
    record InterfaceAddressInfo(String interfaceName, boolean up, byte[] address, int prefix) {
    }

    List<InterfaceAddressInfo> list() throws IOException;

    /** The host's interfaces as the JDK sees them ("up" = administratively up and running). */
    static NetworkInterfaces jdk() {
        return () -> {
            List<InterfaceAddressInfo> out = new ArrayList<>();
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                boolean up = nif.isUp();
                for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    if (ia.getAddress() == null) {
                        continue;
                    }
                    out.add(new InterfaceAddressInfo(nif.getName(), up, ia.getAddress().getAddress(), ia.getNetworkPrefixLength()));
                }
            }
            return out;
        };
    }
}
