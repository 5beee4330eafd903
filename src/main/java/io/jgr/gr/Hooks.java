package io.jgr.gr;

import io.jgr.gcs.Group;
import io.jgr.gcs.GroupConfig;
import io.jgr.gcs.GroupStateMachine;
import io.jgr.gcs.Member;
import io.jgr.perimeter.allowlist.BoundedHostResolver;
import io.jgr.perimeter.allowlist.HostResolver;
import io.jgr.perimeter.allowlist.NetworkInterfaces;
import io.jgr.perimeter.tls.CertificateNames;
import io.jgr.replication.Replicator;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What later layers (and tests) plug into the plugin. Defaults give this behaviour: no
 * replication state machine, a joiner goes RECOVERING → ONLINE at once, roles are ''.
 *
 * @param tuning              group engine settings (failure detection, timeouts)
 * @param stateMachine        the receiver of ordered messages when there is no replication pipeline
 * @param recovery            distributed recovery, run on the joiner between RECOVERING and ONLINE
 * @param roles               MEMBER_ROLE for a member (PRIMARY/SECONDARY come with replication)
 * @param hostResolver        DNS for allowlist host entries (bounded, cached)
 * @param interfaces          the interface scan behind AUTOMATIC
 * @param certificateResolver DNS for DNS SANs under VERIFY_IDENTITY
 * @param replication         builds the replication pipeline of each START…STOP (state machine, commit
 *                            hook, roles, member stats); {@link Replication#NONE} leaves the plugin alone
 */
public record Hooks(GroupConfig.Tuning tuning, GroupStateMachine stateMachine, Recovery recovery, Roles roles,
                    HostResolver hostResolver, NetworkInterfaces interfaces,
                    CertificateNames.Resolver certificateResolver, Replication replication) {

    /** Distributed recovery: completes when this joiner has caught up (then it is declared ONLINE). */
    @FunctionalInterface
    public interface Recovery {
        CompletableFuture<Void> recover(Group group, Optional<RecoveryCredentials> startCredentials);

        /**
         * The same, running {@code admitted} once this joiner's data is known to fit the group's (MySQL checks
         * that before START returns, which fails with 3092 otherwise). By default at once.
         */
        default CompletableFuture<Void> recover(Group group, Optional<RecoveryCredentials> startCredentials, Runnable admitted) {
            admitted.run();
            return recover(group, startCredentials);
        }

        /** STOP GROUP_REPLICATION (and shutdown): forget the START credentials wherever recovery keeps them. */
        default void forget() {
        }
    }

    /** A new {@link Replicator} per START (one instance serves one START…STOP), or null for none. */
    @FunctionalInterface
    public interface Replication {
        Replication NONE = (groupName, serverUuid) -> null;

        Replicator create(UUID groupName, UUID serverUuid) throws SQLException;
    }

    /** MEMBER_ROLE of a member as this member sees it. */
    @FunctionalInterface
    public interface Roles {
        String roleOf(Member member);
    }

    public Hooks {
        Objects.requireNonNull(tuning);
        Objects.requireNonNull(stateMachine);
        Objects.requireNonNull(recovery);
        Objects.requireNonNull(roles);
        Objects.requireNonNull(hostResolver);
        Objects.requireNonNull(interfaces);
        Objects.requireNonNull(certificateResolver);
        Objects.requireNonNull(replication);
    }

    public static Hooks defaults() {
        return new Hooks(GroupConfig.Tuning.DEFAULTS, (index, payload) -> { }, GroupReplication::noRecovery,
                member -> "", BoundedHostResolver.jdkDefault(), NetworkInterfaces.jdk(), CertificateNames.Resolver.SYSTEM,
                Replication.NONE);
    }

    public Hooks withTuning(GroupConfig.Tuning t) {
        return new Hooks(t, stateMachine, recovery, roles, hostResolver, interfaces, certificateResolver, replication);
    }

    public Hooks withStateMachine(GroupStateMachine s) {
        return new Hooks(tuning, s, recovery, roles, hostResolver, interfaces, certificateResolver, replication);
    }

    public Hooks withRecovery(Recovery r) {
        return new Hooks(tuning, stateMachine, r, roles, hostResolver, interfaces, certificateResolver, replication);
    }

    public Hooks withRoles(Roles r) {
        return new Hooks(tuning, stateMachine, recovery, r, hostResolver, interfaces, certificateResolver, replication);
    }

    public Hooks withInterfaces(NetworkInterfaces i) {
        return new Hooks(tuning, stateMachine, recovery, roles, hostResolver, i, certificateResolver, replication);
    }

    public Hooks withReplication(Replication r) {
        return new Hooks(tuning, stateMachine, recovery, roles, hostResolver, interfaces, certificateResolver, r);
    }

    public Hooks withHostResolver(HostResolver r) {
        return new Hooks(tuning, stateMachine, recovery, roles, r, interfaces, certificateResolver, replication);
    }
}
