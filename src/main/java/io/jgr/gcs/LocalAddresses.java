package io.jgr.gcs;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Enumeration;

/**
 * {@code group_replication_local_address} must be an address of a local interface that is up
 * (mysql-gr-perimeter §3.7). The whole loopback range counts when the loopback interface is up,
 * as Linux answers for all of 127.0.0.0/8.
 */
final class LocalAddresses {
    private LocalAddresses() {
    }

    static boolean isLocalAndUp(InetAddress address) {
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface ni = interfaces.nextElement();
                if (!ni.isUp()) {
                    continue;
                }
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    InetAddress own = ia.getAddress();
                    if (own.equals(address)) {
                        return true;
                    }
                    if (ni.isLoopback() && address.isLoopbackAddress() && own.getClass() == address.getClass()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SocketException e) {
            return false; // fail closed: an address we cannot confirm is not ours
        }
    }
}
