package io.jgr.replication;

import io.jgr.store.account.AccountStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the accounts looked like after the last replicated account change. An account statement's
 * effect is the difference between this and the store afterwards — so the engine needs no account
 * parsing of its own, and the statement's text (a password, perhaps) never leaves the member.
 */
final class AccountMirror {
    private final AccountStore store;
    private Map<String, AccountStore.AccountState> last;

    AccountMirror(AccountStore store) {
        this.store = store;
        this.last = store.export();
    }

    /** The accounts changed since the last call (or apply), each with its new state. */
    synchronized List<GroupMessage.AccountChange> takeChanges() {
        Map<String, AccountStore.AccountState> now = store.export();
        List<GroupMessage.AccountChange> changes = new ArrayList<>();
        Set<String> keys = new HashSet<>(last.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            AccountStore.AccountState before = last.get(k);
            AccountStore.AccountState after = now.get(k);
            if (!same(before, after)) {
                String[] name = k.split("\u0000", 2);
                changes.add(new GroupMessage.AccountChange(name[0], name[1], after));
            }
        }
        last = now;
        return changes;
    }

    /** Applies a remote account change to the store and remembers it as known. */
    synchronized void apply(List<GroupMessage.AccountChange> changes) throws SQLException {
        for (GroupMessage.AccountChange c : changes) {
            store.replace(c.user(), c.host(), c.state());
        }
        last = store.export();
    }

    private static boolean same(AccountStore.AccountState a, AccountStore.AccountState b) {
        if (a == null || b == null) {
            return a == b;
        }
        var x = a.account();
        var y = b.account();
        return x.user().equals(y.user()) && x.host().equals(y.host()) && x.plugin().equals(y.plugin())
                && java.util.Arrays.equals(x.nativeHash(), y.nativeHash()) && java.util.Arrays.equals(x.sha2Hash(), y.sha2Hash())
                && x.tlsRequirement() == y.tlsRequirement() && x.locked() == y.locked()
                && Objects.equals(a.grants(), b.grants());
    }
}
