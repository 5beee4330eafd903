package io.jgr.gr;

import io.jgr.replication.Replicator;
import io.jgr.store.StatementContext;
import java.sql.SQLException;
import java.util.UUID;

/**
 * {@code SELECT group_replication_switch_to_multi_primary_mode()} and
 * {@code SELECT group_replication_switch_to_single_primary_mode([member_uuid])}: MySQL's online change of the
 * group's mode, run on any member. The switch travels through the group's log ({@link Replicator#switchMode}):
 * every member changes {@code group_replication_single_primary_mode} and
 * {@code group_replication_enforce_update_everywhere_checks} at the same point, persists them (as MySQL's
 * PERSIST_ONLY), and takes writes (multi-primary, or the new primary) once it applied everything before it; the
 * others refuse writes (1290) from then on. Without a uuid the new primary is elected as at a failover.
 */
final class SwitchModeFunction extends GroupActionFunction {
    static final String TO_MULTI = "group_replication_switch_to_multi_primary_mode";
    static final String TO_SINGLE = "group_replication_switch_to_single_primary_mode";

    private final boolean toMulti;

    private SwitchModeFunction(String name, GroupReplication plugin, boolean toMulti) {
        super(name, plugin);
        this.toMulti = toMulti;
    }

    static SwitchModeFunction toMultiPrimary(GroupReplication plugin) {
        return new SwitchModeFunction(TO_MULTI, plugin, true);
    }

    static SwitchModeFunction toSinglePrimary(GroupReplication plugin) {
        return new SwitchModeFunction(TO_SINGLE, plugin, false);
    }

    @Override
    String execute(StatementContext ctx, Call call) throws SQLException {
        int n = call.args().size();
        if (toMulti && n > 0) {
            throw refused("Wrong arguments: This function takes no arguments.");
        }
        if (!toMulti && (n > 1 || !call.plain() || n == 1 && call.firstText() == null)) {
            throw refused("Wrong arguments: This function either takes no arguments or a single server uuid.");
        }
        Group g = checkedGroup(ctx);
        UUID appointed = n == 1 ? onlineMember(call.firstText(), g.membership()) : null;
        Replicator r = g.replicator();
        boolean multiNow = !r.singlePrimaryMode();
        if (toMulti && multiNow) {
            return "The group is already on multi-primary mode.";
        }
        if (!toMulti && !multiNow) {
            return n == 1 ? "Already in single-primary mode. Did you mean to use group_replication_set_as_primary?"
                    : "The group is already on single-primary mode.";
        }
        await(wait -> r.switchMode(toMulti, appointed, wait), "mode switch");
        return toMulti ? "Mode switched to multi-primary successfully." : "Mode switched to single-primary successfully.";
    }
}
