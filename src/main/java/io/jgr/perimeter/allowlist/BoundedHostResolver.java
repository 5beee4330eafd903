package io.jgr.perimeter.allowlist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Wraps a resolver so that a slow DNS cannot stall the accept path: each lookup runs on a small
 * bounded pool and the caller waits at most {@code timeout} (then the check denies); answers,
 * including "no such host", are cached for {@code ttl}, and a lookup already in flight is shared.
 */
public final class BoundedHostResolver implements HostResolver {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 4096;
    private static final int THREADS = 4;
    private static final int QUEUED = 64;

    private final HostResolver delegate;
    private final long timeoutNanos;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor pool;
    private final ConcurrentHashMap<Object, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(CompletableFuture<Object> answer, long bornNanos) {
    }

    /** A name lookup that found nothing (cached like any answer). */
    private record NotFound(String message) {
    }

    public BoundedHostResolver(HostResolver delegate, Duration timeout, Duration ttl) {
        this(delegate, timeout, ttl, System::nanoTime);
    }

    BoundedHostResolver(HostResolver delegate, Duration timeout, Duration ttl, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.timeoutNanos = timeout.toNanos();
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), r -> {
            Thread t = new Thread(r, "jgr-allowlist-dns-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** The JDK resolver with the default bounds (2 s timeout, 5 s cache). */
    public static BoundedHostResolver jdkDefault() {
        return new BoundedHostResolver(HostResolver.jdk(), DEFAULT_TIMEOUT, DEFAULT_TTL);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<InetAddress> addressesOf(String host) throws UnknownHostException, HostLookupTimeoutException {
        Object answer = lookup("A " + host.toLowerCase(java.util.Locale.ROOT), () -> {
            try {
                return delegate.addressesOf(host);
            } catch (UnknownHostException e) {
                return new NotFound(e.getMessage());
            }
        }, "forward lookup of " + host);
        if (answer instanceof NotFound nf) {
            throw new UnknownHostException(nf.message());
        }
        return (List<InetAddress>) answer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<String> nameOf(InetAddress address) throws HostLookupTimeoutException {
        String text = Addresses.text(address);
        return (Optional<String>) lookup("PTR " + text, () -> delegate.nameOf(address), "reverse lookup of " + text);
    }

    @FunctionalInterface
    private interface Lookup {
        Object run() throws HostLookupTimeoutException;
    }

    private Object lookup(String key, Lookup lookup, String what) throws HostLookupTimeoutException {
        long now = nanoTime.getAsLong();
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(c -> expired(c, now));
        }
        Cached fresh = new Cached(new CompletableFuture<>(), now);
        Cached cached = cache.compute(key, (k, old) -> old == null || expired(old, now) ? fresh : old);
        if (cached == fresh) {
            try {
                pool.execute(() -> {
                    try {
                        fresh.answer().complete(lookup.run());
                    } catch (Throwable t) {
                        fresh.answer().completeExceptionally(t);
                    }
                });
            } catch (RejectedExecutionException e) {
                cache.remove(key, fresh);
                throw new HostLookupTimeoutException(what + ": too many lookups in flight");
            }
        }
        try {
            return cached.answer().get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new HostLookupTimeoutException(what + " did not answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostLookupTimeoutException(what + " interrupted");
        } catch (ExecutionException e) {
            cache.remove(key, cached);
            throw new HostLookupTimeoutException(what + " failed: " + e.getCause());
        }
    }

    /** An answer is kept for ttl after it was asked for; one that never came back is retried after timeout + ttl. */
    private boolean expired(Cached c, long now) {
        long age = now - c.bornNanos();
        return c.answer().isDone() ? age > ttlNanos : age > timeoutNanos + ttlNanos;
    }
}
