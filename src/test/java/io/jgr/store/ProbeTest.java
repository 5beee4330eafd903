package io.jgr.store;

import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTest {
    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        String[] stmts = System.getProperty("probe.sql", "").split(";;");
        try (EngineFixture f = new EngineFixture(dir); Session s = f.root()) {
            for (String sql : stmts) {
                System.out.println("> " + sql);
                try {
                    Result r = s.execute(sql);
                    if (r instanceof Result.Rows rows) {
                        System.out.println("  cols " + rows.columns().stream().map(c -> c.name() + ":" + c.type() + "/" + c.length() + "/" + c.flags()).toList());
                        for (Object[] row : rows.rows()) {
                            System.out.println("  " + java.util.Arrays.deepToString(row));
                        }
                    } else {
                        System.out.println("  " + r);
                    }
                } catch (SQLException e) {
                    System.out.println("  ERR " + e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage());
                }
            }
            System.out.println("committed: " + f.committed.size());
            f.committed.forEach(t -> System.out.println("  " + (t.isDdl() ? t.ddl() : t.rows().stream().map(r -> r.kind() + " " + r.table() + java.util.Arrays.toString(r.before()) + "->" + java.util.Arrays.toString(r.after())).toList())));
        }
    }
}
