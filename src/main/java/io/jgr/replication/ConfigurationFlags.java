package io.jgr.replication;

import io.jgr.server.config.SystemVariables;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's mode settings as MySQL's member info carries them (its configuration flags): every member of a
 * group must have the same, and a joiner whose flags differ from the group's is refused. The bits and names
 * are MySQL's, so the refusal's text names the same variables in the same order.
 */
public final class ConfigurationFlags {
    /** group_replication_enforce_update_everywhere_checks=ON */
    public static final int ENFORCE_UPDATE_EVERYWHERE_CHECKS = 0x1;
    /** group_replication_single_primary_mode=ON */
    public static final int SINGLE_PRIMARY_MODE = 0x2;
    /** Not known yet (no announcement of the group's first member and no snapshot seen). */
    public static final int UNKNOWN = -1;

    private static final String[] NAMES = {
            "group_replication_enforce_update_everywhere_checks", "group_replication_single_primary_mode"};

    private ConfigurationFlags() {
    }

    /** This member's flags from its variables. */
    public static int of(SystemVariables vars) {
        return (truth(vars, "group_replication_enforce_update_everywhere_checks") ? ENFORCE_UPDATE_EVERYWHERE_CHECKS : 0)
                | (truth(vars, "group_replication_single_primary_mode") ? SINGLE_PRIMARY_MODE : 0);
    }

    /** The flags a mode switch leaves on every member: MySQL's switch sets the checks on exactly in multi-primary mode. */
    public static int afterSwitch(boolean multiPrimary) {
        return multiPrimary ? ENFORCE_UPDATE_EVERYWHERE_CHECKS : SINGLE_PRIMARY_MODE;
    }

    public static boolean singlePrimary(int flags) {
        return (flags & SINGLE_PRIMARY_MODE) != 0;
    }

    /** MySQL's rendering in the refusal: the set flags' variable names, lowest bit first, comma-separated. */
    public static String text(int flags) {
        List<String> set = new ArrayList<>();
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                set.add(NAMES[bit]);
            }
        }
        return String.join(",", set);
    }

    static boolean truth(SystemVariables vars, String name) {
        Object v = vars.globalValue(name);
        return Boolean.TRUE.equals(v) || v instanceof Number n && n.longValue() != 0;
    }
}
