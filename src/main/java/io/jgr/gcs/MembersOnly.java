package io.jgr.gcs;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Between RAFT and REDIRECT: drops what reaches REDIRECT (requests forwarded to the leader) or jgr from a
 * sender that is neither in this member's view nor a Raft voter. Such a sender is a member the group
 * expelled while it was frozen (a long pause, SIGSTOP) and that has not yet learned it: without this the
 * leader took its forwarded messages and the group committed the transactions of a member it had removed.
 * A voter outside the view (suspected, not yet expelled) still counts, as in MySQL before
 * member_expel_timeout. Raft, the election, join and merge traffic is handled below and untouched, so the
 * expelled member is merged back as a learner and reads its own removal from the log (docs/group-engine.md).
 * Once it is back in the view its messages pass here; {@link RetiredSenders} refuses them at delivery.
 */
final class MembersOnly extends Protocol {
    private volatile View view;
    private RAFT raft;

    @Override
    public void start() throws Exception {
        super.start();
        raft = getProtocolStack().findProtocol(RAFT.class);
    }

    @Override
    public Object up(Event evt) {
        if (evt.getType() == Event.VIEW_CHANGE) {
            view = evt.getArg();
        }
        return up_prot.up(evt);
    }

    @Override
    public Object up(Message msg) {
        return admits(msg.getSrc()) ? up_prot.up(msg) : null;
    }

    @Override
    public void up(MessageBatch batch) {
        if (admits(batch.sender())) {
            up_prot.up(batch);
        }
    }

    private boolean admits(Address sender) {
        View v = view;
        if (sender == null || v == null || v.containsMember(sender)) {
            return true;
        }
        RAFT r = raft;
        String id = Group.raftIdOf(sender);
        return r == null || id != null && r.members().contains(id);
    }
}
