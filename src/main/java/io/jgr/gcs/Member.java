package io.jgr.gcs;

import java.util.UUID;

/**
 * One member as the group sees it.
 *
 * @param memberId    its {@code server_uuid}
 * @param incarnation which start of that server this is (a restart is a new incarnation)
 * @param host        its member address ({@code MEMBER_HOST}), or "" if not known yet
 * @param port        its member port ({@code MEMBER_PORT}), or 0 if not known yet
 * @param state       its state
 * @param leader      true if it is the Raft leader (orders the log)
 */
public record Member(UUID memberId, String incarnation, String host, int port, MemberState state, boolean leader) {

    /** The Raft id: one per incarnation. */
    public String raftId() {
        return RaftId.of(memberId, incarnation);
    }

    /** {@code host:port}, as GR's log lines name members. */
    public String endpoint() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
