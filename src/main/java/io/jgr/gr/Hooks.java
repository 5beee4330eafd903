package io.jgr.gr;

import io.jgr.gcs.Group;
import io.jgr.gcs.GroupConfig;
import io.jgr.gcs.GroupStateMachine;
import io.jgr.gcs.Member;
import io.jgr.perimeter.allowlist.BoundedHostResolver;
import io.jgr.perimeter.allowlist.HostResolver;
import io.jgr.perimeter.allowlist.NetworkInterfaces;
import io.jgr.perimeter.tls.CertificateNames;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What later layers (and tests) plug into the plugin. Defaults give this behaviour: no
 * replication state machine, a joiner goes RECOVERING → ONLINE at once, roles are ''.
 *
 * @param tuning              group engine settings (failure detection, timeouts)
 * @param stateMachine        the replication layer's receiver of ordered messages
 * @param recovery            distributed recovery, run on the joiner between RECOVERING and ONLINE
 * @param roles               MEMBER_ROLE for a member (PRIMARY/SECONDARY come with replication)
 * @param hostResolver        DNS for allowlist host entries (bounded, cached)
 * @param interfaces          the interface scan behind AUTOMATIC
 * @param certificateResolver DNS for DNS SANs under VERIFY_IDENTITY
 */
public record Hooks(GroupConfig.Tuning tuning, GroupStateMachine stateMachine, Recovery recovery, Roles roles,
                    HostResolver hostResolver, NetworkInterfaces interfaces,
                    CertificateNames.Resolver certificateResolver) {

    /** Distributed recovery: completes when this joiner has caught up (then it is declared ONLINE). */
    @FunctionalInterface
    public interface Recovery {
        CompletableFuture<Void> recover(Group group, Optional<RecoveryCredentials> startCredentials);

        /** STOP GROUP_REPLICATION (and shutdown): forget the START credentials wherever recovery keeps them. */
        default void forget() {
        }
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
    }

    public static Hooks defaults() {
        return new Hooks(GroupConfig.Tuning.DEFAULTS, (index, payload) -> { }, GroupReplication::noRecovery,
                member -> "", BoundedHostResolver.jdkDefault(), NetworkInterfaces.jdk(), CertificateNames.Resolver.SYSTEM);
    }

    public Hooks withTuning(GroupConfig.Tuning t) {
        return new Hooks(t, stateMachine, recovery, roles, hostResolver, interfaces, certificateResolver);
    }

    public Hooks withStateMachine(GroupStateMachine s) {
        return new Hooks(tuning, s, recovery, roles, hostResolver, interfaces, certificateResolver);
    }

    public Hooks withRecovery(Recovery r) {
        return new Hooks(tuning, stateMachine, r, roles, hostResolver, interfaces, certificateResolver);
    }

    public Hooks withRoles(Roles r) {
        return new Hooks(tuning, stateMachine, recovery, r, hostResolver, interfaces, certificateResolver);
    }

    public Hooks withInterfaces(NetworkInterfaces i) {
        return new Hooks(tuning, stateMachine, recovery, roles, hostResolver, i, certificateResolver);
    }

    public Hooks withHostResolver(HostResolver r) {
        return new Hooks(tuning, stateMachine, recovery, roles, r, interfaces, certificateResolver);
    }
}
