package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java class of {@link Result.Rows} goes in as a prepared-statement parameter and comes back unchanged. */
class JavaTypeRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void valuesRoundTrip() throws Exception {
        Object[] values = {
                -9223372036854775808L, new BigInteger("18446744073709551615"), 255L, new BigDecimal("-12345.678"), 1.25f, Math.PI,
                "üñï€ode 'quote' \\ back", new byte[] {0, 1, (byte) 0xff, 39}, LocalDate.of(1999, 12, 31),
                LocalDateTime.of(2025, 1, 2, 3, 4, 5, 678_000_000), Duration.ofHours(13).plusMinutes(14).plusSeconds(15), 2024L,
                "{\"k\": [1, 2]}", "b", 1L,
        };
        try (EngineFixture f = new EngineFixture(dir); Session s = f.root()) {
            s.execute("CREATE DATABASE rt");
            s.execute("USE rt");
            s.execute("CREATE TABLE v (id INT PRIMARY KEY, l BIGINT, ul BIGINT UNSIGNED, tu TINYINT UNSIGNED, d DECIMAL(12,3), "
                    + "f FLOAT, db DOUBLE, s VARCHAR(64), b VARBINARY(16), dt DATE, ts DATETIME(3), tm TIME, y YEAR, j JSON, "
                    + "e ENUM('a','b'), flag TINYINT(1))");
            List<Object> params = new ArrayList<>();
            params.add(1L);
            params.addAll(Arrays.asList(values));
            try (PreparedQuery insert = s.prepare("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                assertThat(insert.parameters()).hasSize(16);
                assertThat(insert.execute(params)).isInstanceOf(Result.Ok.class);
            }
            try (PreparedQuery select = s.prepare("SELECT l, ul, tu, d, f, db, s, b, dt, ts, tm, y, j, e, flag FROM v WHERE id = ?")) {
                assertThat(select.columns()).hasSize(values.length);
                Result.Rows rows = (Result.Rows) select.execute(List.of(1L));
                Object[] row = rows.rows().get(0);
                for (int i = 0; i < values.length; i++) {
                    assertThat(row[i]).as("column %s", rows.columns().get(i).name()).isEqualTo(values[i]);
                }
            }
            // the same values through the text protocol path (spliced literals)
            try (PreparedQuery set = s.prepare("SET @p = ?")) {
                set.execute(List.of("it's \\ tricky"));
            }
            assertThat(EngineFixture.scalar(s, "SELECT @p")).isEqualTo("it's \\ tricky");
            Result.Rows text = (Result.Rows) s.execute("SELECT s, b, ts FROM v");
            assertThat(text.rows().get(0)).containsExactly(values[6], values[7], values[9]);
        }
    }

    @Test
    void preparedStatementsReadSessionStateAtEachExecution() throws Exception {
        try (EngineFixture f = new EngineFixture(dir); Session s = f.root()) {
            s.execute("CREATE DATABASE one");
            s.execute("CREATE DATABASE two");
            try (PreparedQuery q = s.prepare("SELECT DATABASE(), @@autocommit, ?")) {

                s.execute("USE one");
                assertThat(((Result.Rows) q.execute(List.of(1L))).rows().get(0)).containsExactly("one", 1L, 1L);
                s.execute("USE two");
                s.execute("SET autocommit = 0");
                assertThat(((Result.Rows) q.execute(List.of("x"))).rows().get(0)).containsExactly("two", 0L, "x");
            }
            try (PreparedQuery q = s.prepare("SELECT DATABASE() AS db, @@autocommit")) {
                assertThat(q.columns()).extracting(c -> c.name()).containsExactly("db", "@@autocommit");
            }
            try (PreparedQuery q = s.prepare("SELECT ?, ? + 1")) {
                assertThat(((Result.Rows) q.execute(List.of("a", 41L))).rows().get(0)).containsExactly("a", 42L);
            }
        }
    }
}
