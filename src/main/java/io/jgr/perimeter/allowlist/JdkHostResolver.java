package io.jgr.perimeter.allowlist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The JDK's resolver. Reverse lookups use {@link InetAddress#getCanonicalHostName()}, which
 * returns the address text when there is no PTR record (or when the JDK's own forward check of
 * the PTR name fails); both are reported as "no name" here, and {@link HostCheck} still confirms
 * the name forward itself.
 */
final class JdkHostResolver implements HostResolver {
    static final JdkHostResolver INSTANCE = new JdkHostResolver();

    private JdkHostResolver() {
    }

    @Override
    public List<InetAddress> addressesOf(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }

    @Override
    public Optional<String> nameOf(InetAddress address) {
        try {
            InetAddress bare = InetAddress.getByAddress(address.getAddress());
            String name = bare.getCanonicalHostName();
            return name.equals(bare.getHostAddress()) ? Optional.empty() : Optional.of(name);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
