package io.jgr.gcs;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.perimeter.net.PerimeterSocketFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.Log;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.stack.Protocol;

/**
 * Builds the member's protocol stack (evaluation §3): TCP only, no protocol that opens sockets of its
 * own (pitfall 3), the perimeter socket factory installed before the channel exists and JGroups' TLS
 * left off (pitfalls 1, 2), Raft commits sent lazily but resent every {@code resend_interval}
 * (pitfalls 9, 10).
 */
final class GroupStack {
    static {
        LevelCheckedLog.install(); // before any protocol is constructed: each takes its logger then
    }

    private GroupStack() {
    }

    /** @param removedVoters told of each removal from the voting set, in log order (see {@link ResendingRaft}) */
    static JChannel channel(GroupConfig config, String raftId, AdmissionGate gate, Log log,
                            Consumer<String> removedVoters) throws Exception {
        GroupConfig.Tuning tuning = config.tuning();
        InetSocketAddress local = config.localAddress();

        TCP tcp = new TCP();
        tcp.setBindAddr(local.getAddress());
        tcp.setBindPort(local.getPort());
        tcp.setPortRange(0);
        tcp.setClientBindAddr(local.getAddress()); // pitfall 4: the peer's allowlist must see our address
        tcp.setSocketFactory(new PerimeterSocketFactory(gate, config.tls(), tuning.handshakeTimeout(), 2));
        // Bundler "transfer-queue": sends from its own thread, amortised when the primary is busy ("no-bundler"
        // lost throughput at saturation). Message processing "direct": each connection's receiver thread runs
        // the up-calls itself, one thread hand-off fewer per hop of a commit's Raft round trip (single-client
        // commit p50 0.94-1.21 → 0.75 ms in the shared set, docs/replication.md, session 12). Safe because no up-call
        // blocks: RAFT queues its requests for its runner thread, ours hand work to the control thread.
        // The properties are for measuring the alternatives ("max", "no-bundler", ...).
        tcp.setBundlerType(System.getProperty("jgr.gcs.bundler", "transfer-queue"));
        tcp.setMessageProcessingPolicy(System.getProperty("jgr.gcs.messageProcessing", "direct"));
        if (tcp.tls() != null && tcp.tls().enabled()) {
            throw new IllegalStateException("JGroups TLS would replace the perimeter socket factory");
        }

        TCPPING ping = new TCPPING();
        List<InetSocketAddress> hosts = new ArrayList<>();
        if (!config.bootstrap()) {
            config.seeds().stream().filter(s -> !s.equals(local)).forEach(hosts::add);
        }
        hosts.add(local); // TCPPING wants a non-empty list; finding only ourselves is a failed join
        ping.setInitialHosts(hosts);
        ping.setPortRange(0);

        FD_ALL3 fd = new FD_ALL3();
        long suspect = tuning.suspectTimeout().toMillis();
        fd.setTimeout(suspect);
        fd.setInterval(Math.max(100, suspect / 3));

        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(tuning.verifyTimeout().toMillis());

        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(false);

        GMS gms = new GMS();
        // A bootstrap member looks for nobody: waiting the full join timeout for answers only delays the start.
        gms.setJoinTimeout(config.bootstrap() ? Math.min(300, tuning.joinTimeout().toMillis()) : tuning.joinTimeout().toMillis());
        gms.setMaxJoinAttempts(2);
        gms.printLocalAddress(false);

        RAFT raft = new ResendingRaft(removedVoters);
        raft.raftId(raftId);
        raft.members(config.bootstrap() ? List.of(raftId) : List.of()); // a joiner starts as a learner
        raft.log(log); // not InMemoryLog: see RetainingLog
        raft.logPrefix(raftId);
        raft.resendInterval(tuning.resendInterval().toMillis());
        raft.sendCommitsImmediately(false);

        MERGE3 merge = new MERGE3(); // its check runs every 1.6 x max_interval
        merge.setMinInterval(tuning.mergeInterval().toMillis() / 4);
        merge.setMaxInterval(tuning.mergeInterval().toMillis());

        Protocol[] protocols = {tcp, ping, merge, fd, verify, nakack, new UNICAST3(), new STABLE(),
            new NO_DUPES(), gms, new UFC(), new MFC(), new FRAG4(), new PrimaryLeaningElection(), raft, new MembersOnly(), new REDIRECT()};
        JChannel channel = new JChannel(protocols);
        tcp.getDiagnosticsHandler().setEnabled(false); // pitfall 2: no UDP multicast listener
        channel.name(raftId);
        return channel;
    }
}
