package io.jgr.gcs;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.election.VoteResponse;
import org.jgroups.util.ByteArrayDataOutputStream;

/**
 * ELECTION2 that elects the member the group wants to lead (the single-primary group's primary, as MySQL's
 * {@code group_replication_paxos_single_leader} makes the primary the consensus leader) whenever Raft lets it: when
 * its log is as up to date as the most up-to-date answer of the vote. Raft's safety rule is only that the leader's log
 * is at least as up to date as every voter's that elected it; among equal logs ELECTION2 takes the first in view
 * order, which is as good a choice as any other. When the wanted member's log is behind, the vote elects ELECTION2's
 * choice, and the wanted member may ask for another vote once it has caught up ({@link Group#lead}).
 *
 * <p>The wire is ELECTION2's: the same protocol id, so the headers of members are understood by each other.
 */
final class PrimaryLeaningElection extends ELECTION2 {
    private volatile Supplier<UUID> wanted = () -> null;

    PrimaryLeaningElection() {
        setId(ELECTION_ID);
    }

    /** The server_uuid of the member to elect when its log allows, read at each vote; null for ELECTION2's choice. */
    void prefer(Supplier<UUID> wanted) {
        this.wanted = wanted;
    }

    @Override
    protected Address determineLeader() {
        Address best = super.determineLeader();
        UUID want = wanted.get();
        if (best == null || want == null) {
            return best;
        }
        Map<Address, VoteResponse> votes = getVotes().getResults();
        byte[] top = bytesOf(votes.get(best));
        if (top == null) {
            return best;
        }
        for (Map.Entry<Address, VoteResponse> e : votes.entrySet()) {
            RaftId id = RaftId.parse(Group.raftIdOf(e.getKey()));
            if (id != null && want.equals(id.memberId()) && Arrays.equals(top, bytesOf(e.getValue()))) {
                return e.getKey();
            }
        }
        return best;
    }

    /**
     * A vote answer's bytes: its term (the vote's, the same in every valid answer), the term and the index of the
     * voter's last log entry. Equal bytes are equally up-to-date logs; jgroups-raft 1.1.4 keeps the two fields to
     * itself.
     */
    private static byte[] bytesOf(VoteResponse r) {
        if (r == null) {
            return null;
        }
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(r.serializedSize());
        try {
            r.writeTo(out);
        } catch (java.io.IOException e) {
            return null; // an in-memory stream does not fail
        }
        return Arrays.copyOf(out.buffer(), out.position());
    }
}
