package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jgr.sql.engine.Session;
import io.jgr.store.pfs.PerformanceSchemaTables;
import io.jgr.store.pfs.VirtualTable;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registered performance_schema table through the engine: answered, read-only, and only where it is the target. */
class PerformanceSchemaTablesTest {
    @TempDir
    Path dir;

    @Test
    void aTableIsAnsweredAndWritesToItAreRefused() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            new PerformanceSchemaTables().add(VirtualTable.named("jgr_demo").text("NAME", 16).unsigned("N")
                    .rows(() -> List.of(new Object[] {"a", 1L}, new Object[] {"b", 2L}))).register(f.engine);
            try (Session root = f.root()) {
                assertThat(EngineFixture.rows(root.execute("SELECT NAME FROM performance_schema.jgr_demo WHERE N = 2")))
                        .containsExactly(List.of("b"));
                assertThat(EngineFixture.scalar(root, "SELECT COUNT(*) FROM PERFORMANCE_SCHEMA.JGR_DEMO")).isEqualTo(2L);
                for (String write : List.of("DELETE FROM performance_schema.jgr_demo", "UPDATE performance_schema.jgr_demo SET N = 3",
                        "INSERT INTO performance_schema.jgr_demo VALUES ('c', 3)", "TRUNCATE TABLE performance_schema.jgr_demo")) {
                    String verb = write.substring(0, write.indexOf(' '));
                    assertThatThrownBy(() -> root.execute(write)).as(write)
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1142))
                            .hasMessageStartingWith(verb + " command denied to user 'root'@")
                            .hasMessageEndingWith(" for table 'jgr_demo'");
                }
                // a write whose target is another table only reads this one: not refused for it
                root.execute("CREATE DATABASE copies");
                root.execute("CREATE TABLE copies.t (name VARCHAR(16))");
                Throwable t = catchThrowable(() -> root.execute("INSERT INTO copies.t SELECT NAME FROM performance_schema.jgr_demo"));
                assertThat(t == null ? 0 : ((SQLException) t).getErrorCode()).isNotEqualTo(1142);
            }
        }
    }
}
