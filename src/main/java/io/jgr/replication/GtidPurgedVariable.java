package io.jgr.replication;

import io.jgr.server.config.SystemVariables;
import io.jgr.server.config.VarDef;
import io.jgr.sql.error.MySqlError;
import io.jgr.store.H2Engine;
import io.jgr.store.H2Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SET GLOBAL gtid_purged = '[+]group_name:1-n'}: the group's transactions up to n are in this member's
 * data already (restored from a dump, which writes this statement), so distributed recovery fetches from n+1 —
 * the way to add a member once every donor has purged the start of its log. As MySQL's
 * (Gtid_state::add_lost_gtids): without '+' the new value must contain the old one; the added GTIDs must not
 * overlap {@code @@gtid_executed}; refused while Group Replication runs (3911). jgr's log holds the group's
 * transactions only, numbered from 1: a set of another UUID, or not from 1, is 1235 and changes nothing.
 * docs/transaction-log.md, "Files and purging".
 */
public final class GtidPurgedVariable {
    /** One UUID's intervals, as MySQL writes them: {@code uuid:a-b:c:d-e}. */
    private static final Pattern UUID_SET = Pattern.compile(
            "([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})((?::\\d+(?:-\\d+)?)+)");
    private static final Pattern INTERVAL = Pattern.compile(":(\\d+)(?:-(\\d+))?");

    private final SystemVariables vars;
    private final H2Session internal;
    private final BooleanSupplier groupReplicationRunning;
    private final ExecutedGtids executed;
    /** The value to show after the SET being applied (null: as given). */
    private volatile String shown;

    private GtidPurgedVariable(SystemVariables vars, H2Session internal, BooleanSupplier running, ExecutedGtids executed) {
        this.vars = vars;
        this.internal = internal;
        this.groupReplicationRunning = running;
        this.executed = executed;
    }

    /** SET GLOBAL gtid_purged from now on records what it names in the member's transaction log. */
    public static void install(SystemVariables vars, H2Engine engine, BooleanSupplier groupReplicationRunning,
                               ExecutedGtids executed) throws SQLException {
        GtidPurgedVariable v = new GtidPurgedVariable(vars, engine.openApplierSession(), groupReplicationRunning, executed);
        vars.addValidator("gtid_purged", v::apply);
        vars.addListener("gtid_purged", v::show);
    }

    /** What a SET names, read as jgr can hold it: the group's GTIDs 1..through (0: none). */
    record Requested(boolean add, UUID group, long through) {
    }

    /** Checks, then records: runs under the variables' write lock, before the value is taken. */
    private void apply(VarDef def, Object value) throws SQLException {
        if (groupReplicationRunning.getAsBoolean()) {
            throw MySqlError.ER_UPDATE_GTID_PURGED_WITH_GR.exception();
        }
        String text = value == null ? "" : value.toString();
        Requested r = parse(text, vars.globalText("group_replication_group_name"));
        shown = vars.globalText("gtid_purged"); // a SET that adds nothing shows what was shown
        synchronized (internal) {
            Connection c = internal.connection();
            try {
                long purged = TransactionLog.purgedThrough(c);
                long last = TransactionLog.last(c);
                long addedFrom = 1;
                if (!r.add()) {
                    if (r.through() < purged) {
                        throw MySqlError.ER_CANT_SET_GTID_PURGED_DUE_SETS_CONSTRAINTS.exception(
                                "the new value must be a superset of the old value");
                    }
                    addedFrom = purged + 1; // what was purged already is not added again
                }
                if (r.through() >= addedFrom && last >= addedFrom) {
                    throw MySqlError.ER_CANT_SET_GTID_PURGED_DUE_SETS_CONSTRAINTS.exception(
                            "the added gtid set must not overlap with @@GLOBAL.GTID_EXECUTED");
                }
                if (r.through() >= addedFrom) {
                    TransactionLog.recordPurged(c, r.through());
                    c.commit();
                    executed.group(r.group(), r.through());
                    shown = Gtids.executed(r.group(), r.through());
                }
            } finally {
                c.rollback();
            }
        }
    }

    /** After the SET took the text it was given: shown as MySQL shows the variable (no '+', one form). */
    private void show(VarDef def, Object before, Object now) {
        String text = shown;
        if (text != null && !text.equals(now)) {
            vars.setInternal("gtid_purged", text);
        }
    }

    /** MySQL's GTID set text, optionally after '+'; jgr takes the group's GTIDs from 1 only. */
    static Requested parse(String text, String groupName) throws SQLException {
        String s = text.strip();
        boolean add = s.startsWith("+");
        if (add) {
            s = s.substring(1).strip();
        }
        if (s.isEmpty()) {
            return new Requested(add, null, 0);
        }
        UUID only = null;
        long through = 0;
        for (String part : s.split(",")) {
            Matcher m = UUID_SET.matcher(part.strip());
            if (!m.matches()) {
                throw MySqlError.ER_MALFORMED_GTID_SET_SPECIFICATION.exception(text);
            }
            UUID uuid = uuid(m.group(1));
            Matcher iv = INTERVAL.matcher(m.group(2));
            long next = 1;
            while (iv.find()) {
                long start = Long.parseLong(iv.group(1));
                long end = iv.group(2) == null ? start : Long.parseLong(iv.group(2));
                if (start < 1 || end < start) {
                    throw MySqlError.ER_MALFORMED_GTID_SET_SPECIFICATION.exception(text);
                }
                if (start != next || (only != null && !only.equals(uuid))) {
                    throw unsupported();
                }
                next = end + 1;
            }
            only = uuid;
            through = next - 1;
        }
        if (groupName == null || groupName.isEmpty() || !only.toString().equalsIgnoreCase(groupName.strip())) {
            throw unsupported();
        }
        return new Requested(add, only, through);
    }

    private static SQLException unsupported() {
        return MySqlError.ER_NOT_SUPPORTED_YET.exception(
                "GTIDs in @@GLOBAL.GTID_PURGED other than group_replication_group_name:1-N");
    }

    private static UUID uuid(String text) throws SQLException {
        String hex = text.replace("-", "");
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
