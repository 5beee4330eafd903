package io.jgr.store;

import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Session;
import java.net.InetAddress;
import java.nio.file.Path;

/** Run by {@link KillNineIT} in its own JVM: commits rows, leaves one transaction open, then waits to be killed. */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[1]);
        H2Engine engine = H2Engine.open(Path.of(args[0]), new MapVariables(), H2Engine.Options.defaults().withRootPassword("pw"));
        Account root = engine.findAccount("root", InetAddress.getLoopbackAddress()).orElseThrow();
        Session s = engine.openSession(new ConnectionInfo(1, root, InetAddress.getLoopbackAddress(), null, null, null));
        s.execute("CREATE DATABASE crash");
        s.execute("USE crash");
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
        for (int i = 1; i <= rows; i++) {
            s.execute("INSERT INTO t VALUES (" + i + ", 'committed')");
        }
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (1000000, 'uncommitted')");
        s.execute("UPDATE t SET v = 'uncommitted' WHERE id = 1");
        System.out.println("OPEN");
        System.out.flush();
        Thread.sleep(60_000); // killed long before
    }
}
