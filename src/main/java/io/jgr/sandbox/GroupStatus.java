package io.jgr.sandbox;

import java.util.List;

/** The group as read from one member: its rows and the verdict. */
public record GroupStatus(String viewpoint, String groupName, List<MemberStatus> members, String verdict, boolean quorum) {
    public GroupStatus {
        members = List.copyOf(members);
    }
}
