package io.jgr.perimeter.allowlist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Name resolution for host entries, behind an interface so tests can answer like a DNS server
 * would (consistent, spoofed, missing PTR, slow). The member uses {@link BoundedHostResolver}
 * around {@link #jdk()}.
 */
public interface HostResolver {

    /** Every address of {@code host} (both families); {@link UnknownHostException} when it has none. */
    List<InetAddress> addressesOf(String host) throws UnknownHostException, HostLookupTimeoutException;

    /** The name the address reverse-resolves to (PTR), or empty when it has none. */
    Optional<String> nameOf(InetAddress address) throws HostLookupTimeoutException;

    /** The JDK's resolver (hosts file, then DNS, with the JDK's own cache). */
    static HostResolver jdk() {
        return JdkHostResolver.INSTANCE;
    }
}
