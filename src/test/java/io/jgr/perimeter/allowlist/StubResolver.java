package io.jgr.perimeter.allowlist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A DNS answer table for unit tests (the one fake the project allows): A/AAAA and PTR records. */
class StubResolver implements HostResolver {
    private final Map<String, List<InetAddress>> forward = new HashMap<>();
    private final Map<String, String> reverse = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    /** When set, every lookup waits on it (bounded), like a DNS server that does not answer. */
    volatile CountDownLatch hang;

    StubResolver a(String host, String... addresses) {
        List<InetAddress> list = forward.computeIfAbsent(host.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
        for (String a : addresses) {
            list.add(address(a));
        }
        return this;
    }

    StubResolver ptr(String address, String name) {
        reverse.put(Addresses.text(address(address)), name);
        return this;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByAddress(IpLiteral.parse(literal));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private void maybeHang() {
        CountDownLatch latch = hang;
        if (latch != null) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public List<InetAddress> addressesOf(String host) throws UnknownHostException {
        lookups.incrementAndGet();
        maybeHang();
        List<InetAddress> list = forward.get(host.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
        if (list == null || list.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return List.copyOf(list);
    }

    @Override
    public Optional<String> nameOf(InetAddress address) {
        lookups.incrementAndGet();
        maybeHang();
        return Optional.ofNullable(reverse.get(Addresses.text(address)));
    }
}
