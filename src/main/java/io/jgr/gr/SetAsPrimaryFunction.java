package io.jgr.gr;

import io.jgr.replication.Replicator;
import io.jgr.store.StatementContext;
import java.sql.SQLException;
import java.util.UUID;

/**
 * {@code SELECT group_replication_set_as_primary(member_uuid [, running_transactions_timeout])}: MySQL's planned
 * switch of a single-primary group's primary, run on any member. The answer is "Primary server switched to:
 * uuid" (or "The requested member is already the current group primary.").
 *
 * <p>The switch travels through the group's log ({@link Replicator#appointPrimary}): transactions the old primary
 * had ordered before it commit as always, later writes there are refused (1290) once it applies the switch, and
 * the new primary takes writes once it applied everything before it. The timeout is checked (0 to 3600) but
 * sessions are not disconnected: a transaction the old primary commits after the switch is certified like any
 * other.
 */
final class SetAsPrimaryFunction extends GroupActionFunction {
    static final String NAME = "group_replication_set_as_primary";

    SetAsPrimaryFunction(GroupReplication plugin) {
        super(NAME, plugin);
    }

    @Override
    String execute(StatementContext ctx, Call call) throws SQLException {
        String text = call.firstText();
        if (call.args().isEmpty() || call.args().size() > 2 || !call.plain() || text == null) {
            throw refused("Wrong arguments: You need to specify a server uuid.");
        }
        Group g = checkedGroup(ctx);
        UUID candidate = onlineMember(text, g.membership());
        Replicator r = g.replicator();
        UUID current = r.primary();
        if (current == null) {
            throw refused("In multi-primary mode. Use group_replication_switch_to_single_primary_mode.");
        }
        if (call.args().size() == 2 && !(call.args().get(1) instanceof Long t && t >= 0 && t <= 3600)) {
            throw failed("Valid range for running_transactions_timeout is 0 to 3600.");
        }
        if (current.equals(candidate)) {
            return "The requested member is already the current group primary.";
        }
        await(wait -> r.appointPrimary(candidate, wait), "primary election");
        return "Primary server switched to: " + candidate;
    }
}
