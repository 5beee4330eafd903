package io.jgr.gcs;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.perimeter.net.MemberTls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one member needs to take part in a group: the GR variables that reach the group
 * communication layer, already parsed and validated by the layer above.
 *
 * @param groupName    {@code group_replication_group_name}
 * @param memberId     the member's {@code server_uuid} (stable across restarts; each start is a new incarnation)
 * @param localAddress {@code group_replication_local_address}: the member port, and the source address of
 *                     every outgoing member connection
 * @param seeds        {@code group_replication_group_seeds}; ignored when bootstrapping
 * @param bootstrap    {@code group_replication_bootstrap_group}: start a new group alone
 * @param expelTimeout {@code group_replication_member_expel_timeout}: how long an unreachable member keeps
 *                     its vote before the majority removes it
 * @param gate         the allowlist, asked at every accept
 * @param tls          TLS in {@code group_replication_ssl_mode}
 * @param tuning       engine settings with defaults ({@link Tuning#DEFAULTS})
 */
public record GroupConfig(UUID groupName, UUID memberId, InetSocketAddress localAddress,
                          List<InetSocketAddress> seeds, boolean bootstrap, Duration expelTimeout,
                          AdmissionGate gate, MemberTls tls, Tuning tuning) {

    public GroupConfig {
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(localAddress, "localAddress");
        if (localAddress.isUnresolved()) {
            throw new IllegalArgumentException("local address " + localAddress + " is not resolved");
        }
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(expelTimeout, "expelTimeout");
        if (expelTimeout.isNegative()) {
            throw new IllegalArgumentException("expel timeout must not be negative");
        }
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tuning, "tuning");
    }

    /** The same member with other tuning. */
    public GroupConfig withTuning(Tuning other) {
        return new GroupConfig(groupName, memberId, localAddress, seeds, bootstrap, expelTimeout, gate, tls, other);
    }

    /**
     * Engine settings. Failure detection = {@code suspectTimeout} ({@code FD_ALL3.timeout}) plus
     * {@code verifyTimeout} ({@code VERIFY_SUSPECT2.timeout}); a member is UNREACHABLE after about their
     * sum, and expelled {@code expelTimeout} later (pitfall 13).
     *
     * @param suspectTimeout   silence after which a member is suspected
     * @param verifyTimeout    time to confirm a suspicion before the view drops the member
     * @param joinTimeout      GMS join timeout (also how long a joiner looks for seeds)
     * @param resendInterval   RAFT {@code resend_interval}: bounds how late followers learn the commit index (pitfall 10)
     * @param maxInFlight      broadcasts in flight per member (pitfall 11)
     * @param windowWait       how long {@code broadcast} waits for a free slot in the window before failing
     * @param handshakeTimeout TLS handshake limit for accepted connections
     * @param changeTimeout    limit for one membership change (addServer/removeServer) to commit
     * @param messageCache     {@code group_replication_message_cache_size}: bytes of group log the leader
     *                         keeps for members that are behind (bounded by a quarter of the heap)
     * @param mergeInterval    MERGE3 {@code max_interval} (its {@code min_interval} a quarter of it): how soon
     *                         split views are found and merged, e.g. after a frozen member resumed and, as a
     *                         merge's coordinator, dropped a healthy member (JGroups' default, 10 s, left the
     *                         survivors without a majority for about 16 s; docs/group-engine.md)
     */
    public record Tuning(Duration suspectTimeout, Duration verifyTimeout, Duration joinTimeout,
                         Duration resendInterval, int maxInFlight, Duration windowWait,
                         Duration handshakeTimeout, Duration changeTimeout, long messageCache,
                         Duration mergeInterval) {
        public static final Tuning DEFAULTS = new Tuning(Duration.ofSeconds(3), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofMillis(50), 100, Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1L << 30, Duration.ofSeconds(2));

        public Tuning {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be positive");
            }
            if (messageCache < 0) {
                throw new IllegalArgumentException("messageCache must not be negative");
            }
            if (mergeInterval.toMillis() < 4) {
                throw new IllegalArgumentException("mergeInterval must be at least 4 ms");
            }
        }

        /** Faster failure detection, e.g. for tests: suspect after {@code suspect}, confirm within {@code verify}. */
        public Tuning withFailureDetection(Duration suspect, Duration verify) {
            return new Tuning(suspect, verify, joinTimeout, resendInterval, maxInFlight, windowWait,
                    handshakeTimeout, changeTimeout, messageCache, mergeInterval);
        }

        /** The same with another message cache size (bytes). */
        public Tuning withMessageCache(long bytes) {
            return new Tuning(suspectTimeout, verifyTimeout, joinTimeout, resendInterval, maxInFlight, windowWait,
                    handshakeTimeout, changeTimeout, bytes, mergeInterval);
        }
    }
}
