package io.jgr.replication;

/**
 * A joiner's mode settings differ from the group's at its join point ({@link ConfigurationFlags}): it must not
 * join, as MySQL refuses such a member.
 */
public final class IncompatibleConfigurationException extends RuntimeException {
    private final int memberFlags;
    private final int groupFlags;

    public IncompatibleConfigurationException(int memberFlags, int groupFlags) {
        super("member configuration [" + ConfigurationFlags.text(memberFlags) + "], group configuration ["
                + ConfigurationFlags.text(groupFlags) + "]");
        this.memberFlags = memberFlags;
        this.groupFlags = groupFlags;
    }

    public int memberFlags() {
        return memberFlags;
    }

    public int groupFlags() {
        return groupFlags;
    }
}
