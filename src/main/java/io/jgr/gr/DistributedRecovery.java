package io.jgr.gr;

import io.jgr.gcs.Group;
import io.jgr.gcs.Member;
import io.jgr.gcs.MemberState;
import io.jgr.recovery.Donor;
import io.jgr.recovery.GtidRange;
import io.jgr.recovery.RecoveryClient;
import io.jgr.recovery.RecoveryModule;
import io.jgr.recovery.RecoverySettings;
import io.jgr.recovery.TransactionSink;
import io.jgr.replication.ConfigurationFlags;
import io.jgr.replication.ExecutedGtids;
import io.jgr.replication.IncompatibleConfigurationException;
import io.jgr.replication.OutsideGroupTransactions;
import io.jgr.replication.RecoveryApplier;
import io.jgr.replication.Replicator;
import io.jgr.server.config.SystemVariables;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Distributed recovery of a joiner (the plugin's {@link Hooks.Recovery}), run on the plugin's recovery
 * thread between RECOVERING and ONLINE:
 * <ol>
 *   <li>the joiner's {@link Replicator} was held before {@code Group.join}: what the group delivers waits;</li>
 *   <li>{@link Replicator#joinPoint()}: the last GTID certified before this member's own announcement
 *       came back in group order — the group position where it joined;</li>
 *   <li>the GTIDs after this member's own log up to that point come from a donor chosen among the ONLINE
 *       members (their SQL endpoint as they announced it) through {@link RecoveryModule#recover}, with
 *       the START credentials (memory only) before the stored ones;</li>
 *   <li>the held deliveries follow ({@link Replicator#releaseAfterRecovery}), then the plugin declares
 *       this member ONLINE.</li>
 * </ol>
 * After the last failed attempt the recovery client has logged the spec's lines; this member turns
 * {@code super_read_only=ON} and the plugin puts it in ERROR without further lines.
 */
public final class DistributedRecovery implements Hooks.Recovery {
    /**
     * How long the joiner waits for its own announcement to come back in group order: its Raft stream
     * must have caught up with the group by then, which under writes takes tens of seconds (a gap is
     * streamed slowly, docs/group-engine.md "Known limits").
     */
    static final long JOIN_POINT_WAIT_S = 120;

    private final RecoveryModule module;
    private final SystemVariables vars;
    private final Supplier<Replicator> replicator;
    /** This server's commits made outside a group (null: not counted). */
    private final OutsideGroupTransactions outside;

    public DistributedRecovery(RecoveryModule module, SystemVariables vars, Supplier<Replicator> replicator) {
        this(module, vars, replicator, null);
    }

    public DistributedRecovery(RecoveryModule module, SystemVariables vars, Supplier<Replicator> replicator,
                               OutsideGroupTransactions outside) {
        this.module = module;
        this.vars = vars;
        this.replicator = replicator;
        this.outside = outside;
    }

    /** The recovery failed and its lines are in the error log already. */
    public static class RecoveryFailedException extends RuntimeException {
        public RecoveryFailedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The joiner holds transactions the group lacks: refused before any transfer (START fails with 3092). */
    public static final class JoinRefusedException extends RecoveryFailedException {
        public JoinRefusedException(String message) {
            super(message);
        }
    }

    @Override
    public CompletableFuture<Void> recover(Group group, Optional<RecoveryCredentials> startCredentials) {
        return recover(group, startCredentials, () -> { });
    }

    @Override
    public CompletableFuture<Void> recover(Group group, Optional<RecoveryCredentials> startCredentials, Runnable admitted) {
        startCredentials.filter(c -> !c.wiped()).ifPresent(c -> {
            char[] p = c.password().orElse(new char[0]);
            module.credentials().setStartCredentials(c.user().orElse(""), new String(p), c.defaultAuth().orElse(null));
            java.util.Arrays.fill(p, '\0');
        });
        Replicator r = replicator.get();
        if (r == null) {
            admitted.run();
            return CompletableFuture.completedFuture(null); // no replication pipeline: nothing to fetch
        }
        try {
            run(group, r, admitted);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void forget() {
        module.credentials().clearStartCredentials();
    }

    private void run(Group group, Replicator r, Runnable admitted) {
        module.status().groupName(r.groupName().toString());
        r.attach(group);
        long through;
        long have;
        try {
            through = joinPoint(r);
            have = r.localGtid();
            OptionalLong hole = r.transactionLog().firstMissing();
            if (hole.isPresent()) {
                // recovery fetches what comes after `have`: a gap below it would never be filled
                throw new IllegalStateException("this member's transaction log lacks " + r.groupName() + ":" + hole.getAsLong()
                        + " below its last transaction " + r.groupName() + ":" + have
                        + ", which distributed recovery cannot fill; provision this member again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the join point", e);
        } catch (ExecutionException | TimeoutException | SQLException e) {
            throw new IllegalStateException("could not find the group position of this member's join: " + e, e);
        }
        long own = outside == null ? 0 : outside.committed();
        long ownKnown = outside == null ? 0 : outside.knownToGroup();
        if (have > through || own > ownKnown) {
            refuseMoreExecutedThanGroup(r, have, through, own, ownKnown);
        }
        admitted.run();
        if (through > have) {
            fetch(group, r, new GtidRange(r.groupName().toString(), have + 1, through));
        } else if (through > 0) {
            // nothing missing: as MySQL, the joiner still connects to a donor as the recovery user (and
            // checks the donor holds the join point); the one transaction read is here already
            fetch(group, r, new GtidRange(r.groupName().toString(), through, through));
        }
        r.releaseAfterRecovery(through);
    }

    /**
     * The joiner holds transactions the group never certified: it bootstrapped a group of this name on its own,
     * the group was bootstrapped again from a member behind it, or it committed transactions while no group
     * replicated them ({@link OutsideGroupTransactions}). Joining would leave data the others never get, or give
     * the group's next transactions numbers it has used for others. MySQL's joiner refuses the same and exits
     * the group; so does this one (the plugin then leaves, in ERROR and read-only).
     */
    private void refuseMoreExecutedThanGroup(Replicator r, long have, long through, long own, long ownKnown) {
        UUID server = outside == null ? null : outside.serverUuid();
        GrLog.error(GrLog.MORE_EXECUTED_THAN_GROUP, "This member has more executed transactions than those present in the group. "
                + "Local transactions: " + ExecutedGtids.text(r.groupName(), have, server, own) + " > Group transactions: "
                + ExecutedGtids.text(r.groupName(), through, server, ownKnown));
        GrLog.error(GrLog.TRANSACTIONS_NOT_IN_GROUP,
                "The member contains transactions not present in the group. The member will now exit the group.");
        throw new JoinRefusedException("this member has more executed transactions than the group");
    }

    /**
     * The joiner's mode settings are not the group's (MySQL's check of every member's configuration flags): it
     * would take writes the group's primary does not expect, or refuse those the group sends it. MySQL's joiner
     * logs this line and leaves; START fails.
     */
    private static void refuseIncompatible(IncompatibleConfigurationException e) {
        GrLog.error(GrLog.CONFIGURATION_MISMATCH, "The member configuration is not compatible with the group configuration. "
                + "Variables such as group_replication_single_primary_mode or group_replication_enforce_update_everywhere_checks "
                + "must have the same value on every server in the group. (member configuration option: ["
                + ConfigurationFlags.text(e.memberFlags()) + "], group configuration option: ["
                + ConfigurationFlags.text(e.groupFlags()) + "]).");
        throw new JoinRefusedException("this member's mode is not the group's: " + e.getMessage());
    }

    /**
     * The join point. Right after joining, a learner may not know the leader yet (the broadcast fails at
     * once) or an announcement may be lost: it is repeated, bounded by {@link #JOIN_POINT_WAIT_S}.
     */
    private static long joinPoint(Replicator r) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_POINT_WAIT_S);
        while (true) {
            try {
                return r.joinPoint().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IncompatibleConfigurationException incompatible) {
                    refuseIncompatible(incompatible);
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private void fetch(Group group, Replicator r, GtidRange missing) {
        RecoverySettings settings = RecoverySettings.fromVariables(vars::globalText)
                .withLocalAddress(group.config().localAddress().getAddress().getHostAddress());
        RecoveryClient.Result result;
        try (RecoveryApplier applier = r.recoveryApplier()) {
            result = module.recover(awaitDonors(group, r), missing, settings, sink(applier, missing));
        } catch (SQLException e) {
            throw new IllegalStateException("could not open the recovery applier: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryFailedException("interrupted");
        }
        if (result.outcome() != RecoveryClient.Outcome.DONE) {
            vars.setInternal("super_read_only", true);
            vars.setInternal("read_only", true);
            throw new RecoveryFailedException("distributed recovery failed");
        }
    }

    /**
     * The donor's stream into the recovery applier, which applies behind the transfer. A retry with another
     * donor restarts the range: what was handed over already is skipped.
     */
    private static TransactionSink sink(RecoveryApplier applier, GtidRange missing) {
        return new TransactionSink() {
            @Override
            public void accept(String gtid, byte[] payload) throws SinkException {
                try {
                    applier.accept(Long.parseLong(gtid.substring(gtid.lastIndexOf(':') + 1)), payload);
                } catch (SQLException e) {
                    throw failed(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SinkException("interrupted", e);
                }
            }

            @Override
            public void flush() throws SinkException {
                try {
                    applier.finish();
                } catch (SQLException e) {
                    throw failed(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SinkException("interrupted", e);
                }
            }

            private SinkException failed(SQLException e) {
                return new SinkException("Error applying transaction " + missing.uuid() + ":" + e.getMessage(), e);
            }
        };
    }

    /**
     * Right after joining, the membership and the announcements may not have reached this member yet
     * (a snapshot brings the endpoints, the tracker the states): wait a moment, bounded, for a donor.
     */
    static List<Donor> awaitDonors(Group group, Replicator r) throws InterruptedException {
        List<Donor> donors = donors(group, r);
        for (int i = 0; i < 100 && donors.isEmpty(); i++) {
            Thread.sleep(100);
            donors = donors(group, r);
        }
        if (donors.isEmpty()) {
            StringBuilder known = new StringBuilder();
            for (Member m : group.membership().members()) {
                known.append(' ').append(m.memberId()).append('=').append(m.state())
                        .append(r.sqlEndpoint(m.memberId()).map(e -> "@" + e.host() + ":" + e.port()).orElse("@?"));
            }
            io.jgr.server.log.ErrorLog.groupReplication(io.jgr.server.log.LogLevel.NOTE, "MY-011576",
                    "No ONLINE member with a known SQL endpoint to recover from; members:" + known);
        }
        return donors;
    }

    /** The ONLINE members other than this one that announced their SQL endpoint. */
    static List<Donor> donors(Group group, Replicator r) {
        List<Donor> out = new ArrayList<>();
        for (Member m : group.membership().members()) {
            if (m.state() != MemberState.ONLINE || m.memberId().equals(group.config().memberId())) {
                continue;
            }
            r.sqlEndpoint(m.memberId()).ifPresent(e -> out.add(new Donor(m.memberId().toString(), e.host(), e.port())));
        }
        return out;
    }
}
