package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedHostResolverTest {
    private final StubResolver dns = new StubResolver().a("db1.example", "10.0.0.5").ptr("10.0.0.5", "db1.example");
    private final AtomicLong now = new AtomicLong();
    private final BoundedHostResolver resolver =
            new BoundedHostResolver(dns, Duration.ofSeconds(2), Duration.ofSeconds(5), now::get);

    @Test
    void answersAreCachedForTheTtlThenAskedAgain() throws Exception {
        assertThat(resolver.addressesOf("db1.example")).containsExactly(StubResolver.address("10.0.0.5"));
        assertThat(resolver.addressesOf("DB1.example")).hasSize(1);
        assertThat(resolver.nameOf(StubResolver.address("10.0.0.5"))).contains("db1.example");
        assertThat(resolver.nameOf(StubResolver.address("10.0.0.5"))).contains("db1.example");
        assertThat(dns.lookups.get()).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        resolver.addressesOf("db1.example");
        assertThat(dns.lookups.get()).isEqualTo(3);
    }

    @Test
    void noSuchHostIsCachedToo() throws Exception {
        assertThatThrownBy(() -> resolver.addressesOf("nowhere.example")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> resolver.addressesOf("nowhere.example")).isInstanceOf(UnknownHostException.class);
        assertThat(dns.lookups.get()).isEqualTo(1);
    }

    @Test
    void aLookupInFlightIsSharedNotRepeated() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        dns.hang = release;
        BoundedHostResolver slow = new BoundedHostResolver(dns, Duration.ofSeconds(30), Duration.ofSeconds(5));
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<java.util.List<java.net.InetAddress>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(callers.submit(() -> slow.addressesOf("db1.example")));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dns.lookups.get() >= 1);
            release.countDown();
            for (var answer : answers) {
                assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(StubResolver.address("10.0.0.5"));
            }
            assertThat(dns.lookups.get()).isEqualTo(1);
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }
}
