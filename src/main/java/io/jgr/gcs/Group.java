package io.jgr.gcs;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.io.DataInput;
import java.io.DataOutput;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.protocols.raft.RaftLeaderException;
import org.jgroups.raft.RaftHandle;
import org.jgroups.raft.StateMachine;
import org.jgroups.raft.util.CommitTable;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.Bits;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.Util;

/**
 * This member's place in the group: join (bootstrap or through seeds), ordered broadcast, delivery in
 * log order, membership with GR states, promotion to voter, expel, leave.
 *
 * <p>Threads: {@link #broadcast} is called by any thread and does only a volatile read, a semaphore
 * acquire and the Raft call. Deliveries run on the Raft apply thread. Everything about membership (state
 * tracking, expel, promotion, notifications) runs on one control thread, so it never slows the commit path.
 */
public final class Group implements AutoCloseable {
    private static final byte[] LEAVE_PREFIX = "jgr-gcs-leave:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEAVE_ACK = "jgr-gcs-leave-ack".getBytes(StandardCharsets.US_ASCII);
    private static final long LEAVE_ACK_WAIT_MILLIS = 2000;
    private static final long TICK_MILLIS = 100;
    /** How long a view coordinator with a majority of the voters in view waits for ELECTION2 to elect a leader. */
    private static final long ELECTION_NUDGE_MILLIS = 3000;
    /** Votes {@link #lead} runs at most, and the pause before each after the first. */
    private static final int LEAD_VOTES = 3;
    private static final long LEAD_PAUSE_MILLIS = 50;
    private static final long LEAD_POLL_MILLIS = 2;
    /** How long {@link #lead} waits at most for this member's messages in flight to be committed before it votes. */
    private static final long LEAD_DRAIN_MILLIS = 500;
    private final SendGate sendGate = new SendGate();

    private final GroupConfig config;
    private final String raftId;
    private final String incarnation;
    private final GroupStateMachine stateMachine;
    private final MembershipListener listener;
    private final JChannel channel;
    private final RAFT raft;
    private final REDIRECT redirect;
    private final Applier applier = new Applier();
    private final PrimaryLeaningElection election;
    private final ElectionNudge electionNudge;
    private final RetiredSenders retired = new RetiredSenders();
    /** Starts every entry this incarnation puts in the log: who sent it (see {@link RetiredSenders}). */
    private final byte[] entryHeader;
    private final RaftHandle handle;
    private final Semaphore window;
    private final long windowWaitNanos;
    private final Map<Long, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    /** When each pending broadcast was sent ({@code System.nanoTime()}), for the stuck-broadcast diagnostic. */
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private long reportedStuck;
    private final AtomicLong requestIds = new AtomicLong();
    private final ScheduledExecutorService control;
    private final MembershipTracker tracker;
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();
    private final Map<Address, InetSocketAddress> endpoints = new ConcurrentHashMap<>();
    /** Members that confirmed our leave notice (so they report LEFT, not EXPELLED). */
    private final Set<Address> leaveAcks = ConcurrentHashMap.newKeySet();

    /** Addresses of current members: admitted at accept even if the allowlist does not name them (GR rule). */
    private volatile Set<InetAddress> memberAddresses = Set.of();
    private volatile View view;
    /** Why a broadcast cannot commit now, or null. Read on every broadcast; written on view changes. */
    private volatile String unavailable = "not joined yet";
    private volatile Membership membership;
    private volatile Address lastLeader;
    private volatile boolean closed;
    /** Removed from the voting set without leaving: no more broadcasts from this incarnation. */
    private volatile boolean expelled;
    private boolean hadQuorum = true;
    private CompletableFuture<byte[]> change;

    private Group(GroupConfig config, GroupStateMachine stateMachine, MembershipListener listener) throws Exception {
        this.config = config;
        this.stateMachine = Objects.requireNonNull(stateMachine, "stateMachine");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.incarnation = RaftId.newIncarnation();
        this.raftId = RaftId.of(config.memberId(), incarnation);
        this.entryHeader = RetiredSenders.header(raftId);
        this.window = new Semaphore(config.tuning().maxInFlight());
        this.windowWaitNanos = config.tuning().windowWait().toNanos();
        this.tracker = new MembershipTracker(config.expelTimeout().toNanos());
        AdmissionGate configured = config.gate();
        AdmissionGate gate = peer -> memberAddresses.contains(peer) || configured.admit(peer);
        this.channel = GroupStack.channel(config, raftId, gate, new RetainingLog(this::neededByFollowers, messageCache(config)),
                retired::retire);
        this.raft = channel.getProtocolStack().findProtocol(RAFT.class);
        this.redirect = channel.getProtocolStack().findProtocol(REDIRECT.class);
        this.election = channel.getProtocolStack().findProtocol(PrimaryLeaningElection.class);
        this.electionNudge = new ElectionNudge(new ElectionNudge.Voting() {
            @Override
            public boolean running() {
                return election.isVotingThreadRunning();
            }

            @Override
            public void start() {
                election.startVotingThread();
            }
        }, TimeUnit.MILLISECONDS.toNanos(ELECTION_NUDGE_MILLIS));
        this.handle = new RaftHandle(channel, applier);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jgr-gcs-control-" + config.localAddress().getPort());
            t.setDaemon(true);
            return t;
        });
        channel.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View newView) {
                onView(newView);
            }

            @Override
            public void receive(Message msg) {
                onMessage(msg);
            }
        });
    }

    /**
     * Rounds of discovery a joiner makes before it gives up. One round waits the join timeout for a
     * member to answer; seeds that are up may still answer late — busy, their TLS handshakes queued — as
     * seen when a member restarted on boot right after a kill -9 under load, and failed for good.
     */
    static final int JOIN_ROUNDS = 3;
    private static final long JOIN_ROUND_PAUSE_MS = 1000;

    /**
     * Joins the group: alone when {@code config.bootstrap()} (this member becomes the first voter and is
     * ONLINE on return), otherwise through the seeds as a RECOVERING learner; call {@link #declareOnline()}
     * once recovery is done. A joiner that reaches no seed in {@link #JOIN_ROUNDS} rounds fails: it never
     * forms a group of its own.
     */
    public static Group join(GroupConfig config, GroupStateMachine stateMachine, MembershipListener listener)
            throws JoinFailedException {
        InetAddress local = config.localAddress().getAddress();
        if (!LocalAddresses.isLocalAndUp(local)) {
            ErrorLog.gcs(LogLevel.ERROR, "There is no local IP address matching the one configured for the local node ("
                    + endpoint(config.localAddress()) + ").");
            throw new JoinFailedException("group_replication_local_address " + endpoint(config.localAddress())
                    + " is not an address of an up local interface");
        }
        for (int round = 1; ; round++) {
            Group group;
            try {
                group = new Group(config, stateMachine, listener);
            } catch (Exception e) {
                ErrorLog.gcs(LogLevel.ERROR, "Error on group communication engine initialization: " + e.getMessage());
                throw new JoinFailedException("cannot initialize the group communication engine: " + e.getMessage(), e);
            }
            try {
                group.start();
                return group;
            } catch (NoSeedAnswered e) {
                group.close();
                if (round == JOIN_ROUNDS) {
                    int port = config.localAddress().getPort();
                    ErrorLog.gcs(LogLevel.ERROR, "Error connecting to all peers. Member join failed. Local port: " + port);
                    ErrorLog.gcs(LogLevel.ERROR, "The member was unable to join the group. Local port: " + port);
                    throw e;
                }
                ErrorLog.gcs(LogLevel.NOTE, "No seed answered within " + config.tuning().joinTimeout().toMillis()
                        + " ms; trying to join again (round " + (round + 1) + " of " + JOIN_ROUNDS + ")");
                pauseBetweenRounds();
            } catch (JoinFailedException e) {
                group.close();
                throw e;
            } catch (Exception e) {
                group.close();
                throw new JoinFailedException("cannot join the group: " + e.getMessage(), e);
            }
        }
    }

    private static void pauseBetweenRounds() throws JoinFailedException {
        try {
            Thread.sleep(JOIN_ROUND_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JoinFailedException("interrupted while joining", e);
        }
    }

    /** A joiner's discovery found no member of the group: worth another round, the seeds may answer late. */
    private static final class NoSeedAnswered extends JoinFailedException {
        private static final long serialVersionUID = 1L;

        NoSeedAnswered(String message) {
            super(message);
        }
    }

    private void start() throws Exception {
        int port = config.localAddress().getPort();
        try {
            channel.connect(config.groupName().toString());
        } catch (Exception e) {
            ErrorLog.gcs(LogLevel.ERROR, "Error connecting to all peers. Member join failed. Local port: " + port);
            throw new JoinFailedException("cannot open the member port " + config.localAddress() + ": "
                    + e.getMessage(), e);
        }
        ErrorLog.gcs(LogLevel.NOTE, "Group communication ready to accept incoming connections on "
                + endpoint(config.localAddress()));
        View joined = channel.getView();
        if (!config.bootstrap() && (joined == null || joined.size() < 2)) {
            // Pitfall 5: JGroups makes a joiner that found nobody the coordinator of its own group.
            // (join() logs the GCS lines once it gives up: this may be one round of several.)
            throw new NoSeedAnswered("no seed of " + config.seeds().stream().map(Group::endpoint)
                    .collect(Collectors.joining(",")) + " could be reached; the member did not join a group");
        }
        if (config.bootstrap()) {
            if (joined.size() > 1) {
                throw new JoinFailedException("bootstrap found an existing group " + config.groupName());
            }
            awaitLeadership();
            // The first entry names the first voter, so members that replay the log from its start learn it.
            changeMembers(raftId, true);
        }
        control.scheduleWithFixedDelay(this::reconcile, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        refreshAvailability(channel.getView());
    }

    private void awaitLeadership() throws Exception {
        long deadline = System.nanoTime() + config.tuning().changeTimeout().toNanos();
        while (!raft.isLeader()) {
            if (System.nanoTime() > deadline) {
                throw new JoinFailedException("the bootstrap member was not elected leader in time");
            }
            Thread.sleep(10);
        }
    }

    // ---------------------------------------------------------------- commit path

    /**
     * Sends a message for total order. The future completes with the message's log index once a majority
     * of voters holds it, or fails with {@link GroupUnavailableException} naming the cause (no majority, no
     * leader, window full, left). A failed broadcast may still be delivered if the group committed it before
     * the failure became known: delivery, not the future, is authoritative. A message the group orders after
     * this incarnation's removal from the voting set is delivered nowhere and fails here.
     */
    public CompletableFuture<Long> broadcast(byte[] payload) {
        String why = unavailable;
        if (why != null) {
            return CompletableFuture.failedFuture(new GroupUnavailableException(why));
        }
        return send(payload);
    }

    /**
     * Sends without asking whether this member may: what {@link #broadcast} does once it found no reason not
     * to. Tests call it directly to play a member that has not yet learned of its own removal.
     */
    CompletableFuture<Long> send(byte[] payload) {
        try {
            sendGate.pass();
            if (!window.tryAcquire(windowWaitNanos, TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(new GroupUnavailableException(
                        "no commit for " + config.tuning().windowWait().toMillis() + " ms: "
                                + config.tuning().maxInFlight() + " messages in flight"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new GroupUnavailableException("interrupted", e));
        }
        long id = requestIds.incrementAndGet();
        CompletableFuture<Long> result = new CompletableFuture<>();
        sentAt.put(id, System.nanoTime());
        result.whenComplete((i, e) -> sentAt.remove(id));
        pending.put(id, result);
        byte[] entry = RetiredSenders.entry(entryHeader, payload);
        try {
            handle.setAsync(entry, 0, entry.length).whenComplete((rsp, err) -> {
                if (pending.remove(id) != null) {
                    window.release();
                    if (err != null) {
                        result.completeExceptionally(translate(err));
                    } else if (Arrays.equals(rsp, RetiredSenders.REFUSED)) {
                        result.completeExceptionally(new GroupUnavailableException(
                                "this member was expelled from the group: the group refused its message"));
                    } else {
                        if (rsp != null && rsp.length == 3 * Long.BYTES && raft instanceof ResendingRaft r) {
                            r.committed(Bits.readLong(rsp, Long.BYTES), Bits.readLong(rsp, 2 * Long.BYTES));
                        }
                        result.complete(rsp != null && rsp.length >= Long.BYTES ? Bits.readLong(rsp, 0) : -1L);
                    }
                }
            });
        } catch (Exception e) {
            if (pending.remove(id) != null) {
                window.release();
            }
            result.completeExceptionally(translate(e));
        }
        return result;
    }

    private Throwable translate(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof GroupUnavailableException) {
            return e;
        }
        if (e instanceof RaftLeaderException) {
            String why = unavailable;
            return new GroupUnavailableException(why != null ? why
                    : "no leader is elected in the group yet: " + e.getMessage(), e);
        }
        return new GroupUnavailableException("the group did not commit the message: " + e, e);
    }

    /** Raft's apply thread: every committed entry, in log order. */
    private final class Applier implements StateMachine {
        /**
         * Messages delivered in the group's history. RAFT's commit_index moves only after a whole batch is
         * applied, and membership changes take log slots too, so the delivery index is counted here and
         * carried in snapshots: identical on every member, gap-free.
         */
        private volatile long delivered; // written by the Raft apply thread only
        /** Removed incarnations whose refused message was logged here (once each). */
        private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

        @Override
        public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
            byte[] payload = retired.admit(data, offset, length);
            if (payload == null) {
                logRefusal(RetiredSenders.sender(data, offset, length));
                return serializeResponse ? RetiredSenders.REFUSED : null;
            }
            long index = ++delivered;
            stateMachine.deliver(index, payload);
            if (!serializeResponse) {
                return null;
            }
            // the delivery index for the sender's future; the entry's log index and term for a sender that is a
            // follower, so that it commits at once (CommitHints)
            byte[] rsp = new byte[3 * Long.BYTES];
            Bits.writeLong(index, rsp, 0);
            if (raft instanceof ResendingRaft r) {
                long logIndex = r.applyingIndex();
                Bits.writeLong(logIndex, rsp, Long.BYTES);
                Bits.writeLong(r.termAt(logIndex), rsp, 2 * Long.BYTES);
            }
            return rsp;
        }

        /** Once per removed incarnation, from the control thread: this is the apply thread. */
        private void logRefusal(String sender) {
            if (refusalsLogged.add(sender)) {
                try {
                    control.execute(() -> ErrorLog.gcs(LogLevel.WARNING, "Refused a message from " + describe(sender)
                            + ": the group removed that member before it ordered the message; no member delivers it."));
                } catch (RejectedExecutionException e) {
                    // closing
                }
            }
        }

        @Override
        public void readContentFrom(DataInput in) throws Exception {
            delivered = in.readLong();
            retired.read(in);
            stateMachine.readSnapshot(in);
        }

        @Override
        public void writeContentTo(DataOutput out) throws Exception {
            out.writeLong(delivered);
            retired.write(out);
            stateMachine.writeSnapshot(out);
        }
    }

    // ---------------------------------------------------------------- views and membership

    private void onView(View newView) {
        // availability first, then the view: the periodic reconcile may read the view at any moment and publish
        // a membership from it, and a broadcast issued by whoever saw that membership must see the same majority
        refreshAvailability(newView);
        view = newView;
        Set<InetAddress> addresses = ConcurrentHashMap.newKeySet();
        for (Address a : newView.getMembers()) {
            InetSocketAddress at = endpointOf(a);
            if (at != null) {
                addresses.add(at.getAddress());
            }
        }
        memberAddresses = Set.copyOf(addresses);
        Address leader = lastLeader;
        if (leader != null && !newView.containsMember(leader)) {
            failPending("the leader left the view; the outcome of messages in flight is unknown");
        }
        if (!closed) {
            control.execute(this::reconcile);
        }
    }

    /** Cheap majority check on every view change, so a minority fails at once (and pending work with it). */
    private synchronized void refreshAvailability(View v) {
        if (closed) {
            unavailable = "this member has left the group";
            return;
        }
        if (expelled) {
            unavailable = "this member was expelled from the group";
            return;
        }
        if (v == null) {
            return;
        }
        List<String> voters = raft.members();
        Set<String> inView = Set.copyOf(raftIds(v));
        long reachable = votersIn(inView, voters);
        if (!voters.isEmpty() && !Membership.isMajority(reachable, voters.size())) {
            List<String> missing = voters.stream().filter(id -> !inView.contains(id)).map(this::describe).toList();
            unavailable = "this member cannot reach a majority of the group: " + reachable + " of " + voters.size()
                    + " voting members reachable (unreachable: " + String.join(", ", missing)
                    + "); nothing can be committed until a majority is reachable again";
            failPending(unavailable);
            if (hadQuorum) {
                ErrorLog.groupReplication(LogLevel.ERROR, "MY-011495", "This server is not able to reach a majority"
                        + " of members in the group. This server will now block all updates. The server will remain"
                        + " blocked until contact with the majority is restored.");
            }
            hadQuorum = false;
        } else {
            unavailable = null;
            hadQuorum = true;
        }
    }

    private void failPending(String why) {
        for (Long id : List.copyOf(pending.keySet())) {
            CompletableFuture<Long> f = pending.remove(id);
            if (f != null) {
                window.release();
                f.completeExceptionally(new GroupUnavailableException(why));
            }
        }
    }

    /**
     * Leave notices travel outside the Raft log, as plain JGroups messages: a multicast notice and a unicast
     * acknowledgement from each member, so every member knows the leave before the view drops the leaver
     * (JGroups does not order a multicast from the leaver against the view change).
     */
    private void onMessage(Message msg) {
        byte[] data = msg.getArray();
        if (data == null) {
            return;
        }
        int off = msg.getOffset();
        int len = msg.getLength();
        if (len == LEAVE_ACK.length && Arrays.equals(data, off, off + len, LEAVE_ACK, 0, LEAVE_ACK.length)) {
            leaveAcks.add(msg.getSrc());
        } else if (len > LEAVE_PREFIX.length
                && Arrays.equals(data, off, off + LEAVE_PREFIX.length, LEAVE_PREFIX, 0, LEAVE_PREFIX.length)) {
            leaving.add(new String(data, off + LEAVE_PREFIX.length, len - LEAVE_PREFIX.length, StandardCharsets.US_ASCII));
            Address leaver = msg.getSrc();
            if (!Objects.equals(leaver, channel.getAddress())) {
                // answered from the control thread: this up-call runs on the connection's receiver thread
                // (GroupStack: "direct" processing), which a send blocked on flow-control credits would stop
                try {
                    control.execute(() -> sendLeaveAck(leaver));
                } catch (RejectedExecutionException e) {
                    // closing: the leaver then waits its bounded time and goes anyway
                }
            }
        }
    }

    private void sendLeaveAck(Address leaver) {
        try {
            channel.send(new BytesMessage(leaver, LEAVE_ACK));
        } catch (Exception e) {
            // the leaver then waits its bounded time and goes anyway
        }
    }

    /** Control thread: recompute states, publish changes, and as leader remove voters that must go. */
    private void reconcile() {
        if (closed) {
            return;
        }
        try {
            View v = view;
            if (v == null) {
                return;
            }
            Address leaderAddr = raft.leader();
            lastLeader = leaderAddr;
            String leaderId = leaderAddr == null ? null : raftIdOf(leaderAddr);
            List<String> voters = raft.members();
            MembershipTracker.Result r = tracker.update(v.getViewId().getId(), raftIds(v), voters, leaderId,
                    Set.copyOf(leaving), this::endpointOfRaftId, System.nanoTime());
            logTransitions(r);
            Membership m = r.membership();
            Membership previous = membership;
            membership = m;
            // its own removal read from the log (or a snapshot), not a voter seen to vanish: a member frozen
            // before it applied its own promotion never saw itself a voter, yet was one and was expelled
            if (retired.contains(raftId) && !leaving.contains(raftId) && !expelled) {
                ErrorLog.gcs(LogLevel.ERROR, "This member was expelled from the group.");
                expelled = true;
                failPending("this member was expelled from the group");
            }
            refreshAvailability(v);
            // published after availability, so a listener that acts on this membership (a test, the plugin's
            // status) finds broadcasts already refused for the reason it shows
            if (!m.sameAs(previous)) {
                listener.membershipChanged(m);
            }
            reportStuckBroadcast(leaderAddr, voters, v);
            long inView = votersIn(Set.copyOf(raftIds(v)), voters);
            int rank = voterRankInView(v, voters);
            if (electionNudge.check(rank, Membership.isMajority(inView, voters.size()), // no voters: false
                    leaderAddr != null, System.nanoTime())) {
                ErrorLog.gcs(LogLevel.WARNING, "No leader for " + ELECTION_NUDGE_MILLIS * (rank + 1) + " ms in view "
                        + v.getViewId() + " with " + inView + " of " + voters.size() + " voting members: this member, "
                        + (rank == 0 ? "the first" : "number " + (rank + 1)) + " of them in the view, starts an election");
            }
            if (raft.isLeader() && m.majority() && (change == null || change.isDone())) {
                for (String id : r.toRemove()) {
                    change = startChange(id, false);
                    break; // Raft takes one membership change at a time
                }
            }
        } catch (RuntimeException e) {
            ErrorLog.gcs(LogLevel.WARNING, "Membership update failed: " + e);
        }
    }

    /**
     * This member's place among the voters in the view's order (0: the first, one member of a view, the same on all,
     * that knows the voting set; the view's coordinator may be a learner that just joined, and cannot run a vote),
     * or -1 when it is no voter in the view.
     */
    private int voterRankInView(View v, List<String> voters) {
        int rank = 0;
        for (Address a : v.getMembersRaw()) {
            if (voters.contains(raftIdOf(a))) {
                if (a.equals(channel.getAddress())) {
                    return rank;
                }
                rank++;
            }
        }
        return -1;
    }

    /** Diagnostic: a broadcast without outcome for seconds says where it should have gone (once per broadcast). */
    private void reportStuckBroadcast(Address leaderAddr, List<String> voters, View v) {
        long now = System.nanoTime();
        for (Map.Entry<Long, Long> e : sentAt.entrySet()) {
            long ageMs = (now - e.getValue()) / 1_000_000;
            if (ageMs >= 5_000 && e.getKey() > reportedStuck) {
                reportedStuck = e.getKey();
                ErrorLog.gcs(LogLevel.WARNING, "A message sent " + ageMs + " ms ago has no outcome yet ("
                        + sentAt.size() + " waiting): leader " + leaderAddr + " (" + (leaderAddr == null ? "?" : raftIdOf(leaderAddr))
                        + "), this member " + raft.role() + " " + raftId + " term " + raft.currentTerm() + " commit "
                        + raft.commitIndex() + " appended " + raft.lastAppended() + " requests " + raft.requestTableSize()
                        + ", voters " + voters + ", view " + raftIds(v));
            }
        }
    }

    private void logTransitions(MembershipTracker.Result r) {
        for (Member m : r.becameUnreachable()) {
            ErrorLog.groupReplication(LogLevel.WARNING, "MY-011493",
                    "Member with address " + m.endpoint() + " has become unreachable.");
        }
        for (Member m : r.reachableAgain()) {
            ErrorLog.groupReplication(LogLevel.WARNING, "MY-011494",
                    "Member with address " + m.endpoint() + " is reachable again.");
        }
        List<String> removed = r.membership().departed().stream().map(Member::endpoint).toList();
        if (!removed.isEmpty()) {
            ErrorLog.groupReplication(LogLevel.NOTE, "MY-011499",
                    "Members removed from the group: " + String.join(", ", removed));
        }
    }

    /** Asks the leader to add or remove a voter (package-private: tests remove one without a failure). */
    CompletableFuture<byte[]> startChange(String id, boolean add) {
        try {
            return add ? redirect.addServer(id) : redirect.removeServer(id);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs one membership change to its commit, retrying while another change is still committing. */
    private void changeMembers(String id, boolean add) throws Exception {
        long deadline = System.nanoTime() + config.tuning().changeTimeout().toNanos();
        while (true) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                startChange(id, add).get(left, TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                boolean busy = cause instanceof IllegalStateException || cause instanceof RaftLeaderException;
                if (!busy || System.nanoTime() > deadline) {
                    throw new GroupUnavailableException((add ? "adding " : "removing ") + describe(id)
                            + " as a voter failed: " + cause, cause);
                }
                Thread.sleep(20);
            } catch (TimeoutException e) {
                throw new GroupUnavailableException((add ? "adding " : "removing ") + describe(id)
                        + " as a voter did not commit in time", e);
            }
        }
    }

    /**
     * The layer above says this member finished recovery: it becomes a voter (ONLINE). Older incarnations
     * of this server still in the voting set are removed first.
     */
    public CompletableFuture<Void> declareOnline() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        control.execute(() -> {
            try {
                for (String id : raft.members()) {
                    RaftId other = RaftId.parse(id);
                    if (other != null && other.memberId().equals(config.memberId()) && !id.equals(raftId)) {
                        awaitChange();
                        changeMembers(id, false);
                    }
                }
                if (!raft.members().contains(raftId)) {
                    awaitChange();
                    changeMembers(raftId, true);
                }
                done.complete(null);
                reconcile();
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void awaitChange() throws Exception {
        CompletableFuture<byte[]> c = change;
        if (c != null && !c.isDone()) {
            try {
                c.get(config.tuning().changeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException ignored) {
                // the next change reports its own failure
            }
        }
    }

    /** The membership as last computed (refreshed every 100 ms and on every view change). */
    public Membership membership() {
        Membership m = membership;
        return m != null ? m : new Membership(0, List.of(), List.of(), 0, false);
    }

    /** This incarnation's Raft id. */
    public String raftId() {
        return raftId;
    }

    public String incarnation() {
        return incarnation;
    }

    public GroupConfig config() {
        return config;
    }

    /** True while this member orders the log. */
    public boolean isLeader() {
        return raft.isLeader();
    }

    /**
     * Which member the group wants as its Raft leader, read at every vote (docs/group-engine.md, "The leader follows
     * the primary"): its server_uuid, or null to leave the choice to ELECTION2. Every member is given the same rule.
     */
    public void preferLeader(Supplier<UUID> wanted) {
        election.prefer(wanted);
    }

    /**
     * Makes this member the Raft leader, by a vote it runs itself, unless it leads already: the primary's commits then
     * take no hops to another member and back. At most {@link #LEAD_VOTES} votes within {@code timeout}: a vote elects
     * another member when that member's log is ahead of this one's (an entry this member has not received yet); the
     * next vote, after a pause in which that leader brings this member's log level, finds them equal. The leader that
     * steps down fails what it had not committed yet, as when it leaves the view; so this member's new broadcasts wait
     * at {@link SendGate} meanwhile, and the vote comes only once its messages in flight are committed (at most
     * {@link #LEAD_DRAIN_MILLIS} of the timeout; false if they are not). True once this member leads.
     */
    public boolean lead(Duration timeout) throws InterruptedException {
        if (raft.isLeader()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean led;
        sendGate.close(timeout.toNanos());
        try {
            led = drained(Math.min(deadline, System.nanoTime() + LEAD_DRAIN_MILLIS * 1_000_000L)) && vote(deadline);
        } finally {
            sendGate.open();
        }
        if (led) {
            publishNow(); // the membership said "no leader" during the vote: a group action must not meet that now
        }
        return led;
    }

    /** Whether this member's messages in flight were all committed (or failed) by {@code deadline}. */
    private boolean drained(long deadline) throws InterruptedException {
        while (!pending.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** At most {@link #LEAD_VOTES} votes until {@code deadline}; true once this member leads. */
    private boolean vote(long deadline) throws InterruptedException {
        int votes = 0;
        while (!raft.isLeader()) {
            if (closed || unavailable != null || System.nanoTime() > deadline) {
                return false;
            }
            if (!election.isVotingThreadRunning()) {
                if (votes == LEAD_VOTES) {
                    return false;
                }
                if (votes > 0) {
                    Thread.sleep(LEAD_PAUSE_MILLIS);
                    if (raft.isLeader()) {
                        break;
                    }
                }
                election.startVotingThread();
                votes++;
            }
            Thread.sleep(LEAD_POLL_MILLIS);
        }
        return true;
    }

    /** Publishes the membership as the group engine sees it now rather than at the next tick; bounded. */
    private void publishNow() throws InterruptedException {
        try {
            control.submit(this::reconcile).get(TICK_MILLIS * 10, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // closing, or the control thread busy: the next tick publishes it
        }
    }

    /** The group index of the last message delivered here, a snapshot's included. */
    long deliveredIndex() {
        return applier.delivered;
    }

    /** Answers this member sent to a leader of an earlier term (docs/group-engine.md). */
    long staleLeaderAnswers() {
        return raft instanceof ResendingRaft r ? r.staleAnswers() : 0;
    }

    /** Raft's protocol here, for tests that move its term as a vote this member saw would. */
    RAFT raft() {
        return raft;
    }

    /** Catch-up resends this member made as leader beyond jgroups-raft's own (docs/group-log.md). */
    long catchUpResends() {
        return raft instanceof ResendingRaft r ? r.chunksResent() : 0;
    }

    /** Null if a broadcast can commit now, otherwise why not. */
    public String unavailableReason() {
        return unavailable;
    }

    // ---------------------------------------------------------------- leave

    /**
     * Leaves the group cleanly (STOP GROUP_REPLICATION): announces it, gives up the vote if a majority can
     * commit that, then closes the channel. Bounded by {@code changeTimeout}.
     */
    public void leave() {
        if (closed) {
            return;
        }
        try {
            byte[] id = raftId.getBytes(StandardCharsets.US_ASCII);
            byte[] notice = Arrays.copyOf(LEAVE_PREFIX, LEAVE_PREFIX.length + id.length);
            System.arraycopy(id, 0, notice, LEAVE_PREFIX.length, id.length);
            leaving.add(raftId);
            View v = channel.getView();
            channel.send(new BytesMessage(null, notice));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEAVE_ACK_WAIT_MILLIS);
            for (Address other : v == null ? List.<Address>of() : v.getMembers()) {
                while (!other.equals(channel.getAddress()) && !leaveAcks.contains(other)
                        && channel.getView().containsMember(other) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
            if (unavailable == null && raft.members().contains(raftId) && raft.members().size() > 1) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                control.execute(() -> {
                    try {
                        awaitChange();
                        changeMembers(raftId, false);
                        done.complete(null);
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                    }
                });
                done.get(config.tuning().changeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            ErrorLog.gcs(LogLevel.WARNING, "Leaving the group without giving up the vote: " + e.getMessage());
        } finally {
            close();
        }
    }

    /** Closes the channel at once (no announcement): the others see a failure. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unavailable = "this member has left the group";
        control.shutdownNow();
        failPending(unavailable);
        try {
            channel.close();
        } finally {
            if (election != null) {
                election.stopVotingThread(); // jgroups-raft 1.1.4 can leave it running (a non-daemon thread)
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** On the leader: the lowest log index a member still needs (its match index); else none. */
    private long neededByFollowers() {
        RAFT r = raft;
        CommitTable table = r != null && r.isLeader() ? r.commitTable() : null;
        if (table == null) {
            return Long.MAX_VALUE;
        }
        long[] lowest = {Long.MAX_VALUE};
        table.forEach((member, e) -> lowest[0] = Math.min(lowest[0], e.matchIndex()));
        return lowest[0];
    }

    /** The configured message cache, bounded by a quarter of the heap (the log lives there). */
    private static long messageCache(GroupConfig config) {
        long configured = config.tuning().messageCache();
        long bound = Runtime.getRuntime().maxMemory() / 4;
        if (configured > bound) {
            ErrorLog.gcs(LogLevel.NOTE, "The group log keeps at most " + bound + " bytes for members that are behind: "
                    + "group_replication_message_cache_size (" + configured + ") exceeds a quarter of the heap.");
            return bound;
        }
        return configured;
    }

    /** How many of {@code voters} are among {@code inView}. */
    private static long votersIn(Set<String> inView, List<String> voters) {
        return voters.stream().filter(inView::contains).count();
    }

    private List<String> raftIds(View v) {
        List<String> ids = new ArrayList<>(v.size());
        for (Address a : v.getMembers()) {
            String id = raftIdOf(a);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    static String raftIdOf(Address a) {
        if (a instanceof ExtendedUUID uuid) {
            byte[] id = uuid.get("raft-id");
            return id == null ? null : Util.bytesToString(id);
        }
        return null;
    }

    private InetSocketAddress endpointOfRaftId(String id) {
        View v = view;
        if (v != null) {
            for (Address a : v.getMembers()) {
                if (id.equals(raftIdOf(a))) {
                    return endpointOf(a);
                }
            }
        }
        return null;
    }

    private InetSocketAddress endpointOf(Address a) {
        InetSocketAddress known = endpoints.get(a);
        if (known != null) {
            return known;
        }
        if (channel.down(new Event(Event.GET_PHYSICAL_ADDRESS, a)) instanceof IpAddress ip) {
            InetSocketAddress at = new InetSocketAddress(ip.getIpAddress(), ip.getPort());
            endpoints.put(a, at);
            return at;
        }
        return null;
    }

    private String describe(String id) {
        InetSocketAddress at = endpointOfRaftId(id);
        if (at != null) {
            return endpoint(at);
        }
        Membership m = membership;
        if (m != null) {
            for (Member member : m.members()) {
                if (member.raftId().equals(id) && member.port() != 0) {
                    return member.endpoint();
                }
            }
        }
        return id;
    }

    private static String endpoint(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
}
