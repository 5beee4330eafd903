package io.jgr.replication;

import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.TlsRequirement;
import io.jgr.store.account.AccountStore;
import io.jgr.store.account.Privilege;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An account's replicated state on the wire: names, plugin, the two hashes, TLS requirement, lock, grants. */
final class AccountCodec {
    private AccountCodec() {
    }

    static void write(DataOutput out, GroupMessage.AccountChange c) throws IOException {
        out.writeUTF(c.user());
        out.writeUTF(c.host());
        out.writeBoolean(c.state() != null);
        if (c.state() == null) {
            return;
        }
        Account a = c.state().account();
        out.writeUTF(a.plugin());
        bytes(out, a.nativeHash());
        bytes(out, a.sha2Hash());
        out.writeUTF(a.tlsRequirement().name());
        out.writeBoolean(a.locked());
        out.writeInt(c.state().grants().size());
        for (Map.Entry<AccountStore.Level, Set<Privilege>> e : c.state().grants().entrySet()) {
            out.writeUTF(e.getKey().db());
            out.writeUTF(e.getKey().table());
            out.writeInt(e.getValue().size());
            for (Privilege p : e.getValue()) {
                out.writeUTF(p.sqlName());
            }
        }
    }

    static GroupMessage.AccountChange read(DataInputStream in) throws IOException {
        String user = in.readUTF();
        String host = in.readUTF();
        if (!in.readBoolean()) {
            return new GroupMessage.AccountChange(user, host, null);
        }
        Account a = new Account(user, host, in.readUTF(), readBytes(in), readBytes(in), TlsRequirement.valueOf(in.readUTF()), in.readBoolean());
        int levels = in.readInt();
        Map<AccountStore.Level, Set<Privilege>> grants = new LinkedHashMap<>();
        for (int i = 0; i < levels; i++) {
            AccountStore.Level level = new AccountStore.Level(in.readUTF(), in.readUTF());
            int n = in.readInt();
            EnumSet<Privilege> set = EnumSet.noneOf(Privilege.class);
            for (int j = 0; j < n; j++) {
                Privilege p = Privilege.byName(in.readUTF());
                if (p != null) {
                    set.add(p);
                }
            }
            grants.put(level, set);
        }
        return new GroupMessage.AccountChange(user, host, new AccountStore.AccountState(a, grants));
    }

    private static void bytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
