package io.jgr.gcs;

/**
 * A member's state as Group Replication reports it ({@code replication_group_members.MEMBER_STATE}),
 * derived from the JGroups view and the Raft voting set:
 * <ul>
 *   <li>{@link #RECOVERING}: in the view, a Raft learner (receives the log, has no vote) until the layer
 *       above declares it ONLINE;</li>
 *   <li>{@link #ONLINE}: in the view and a voter;</li>
 *   <li>{@link #UNREACHABLE}: dropped from the view by failure detection, not yet expelled;</li>
 *   <li>{@link #LEFT}: departed cleanly (STOP GROUP_REPLICATION); reported once, then forgotten;</li>
 *   <li>{@link #EXPELLED}: removed by the majority after {@code member_expel_timeout}, or replaced by a newer
 *       incarnation; reported once, then forgotten.</li>
 * </ul>
 */
public enum MemberState {
    RECOVERING, ONLINE, UNREACHABLE, LEFT, EXPELLED;

    /** True for the states of members still counted in the group. */
    public boolean present() {
        return this == RECOVERING || this == ONLINE || this == UNREACHABLE;
    }
}
