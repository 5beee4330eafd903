package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Table-driven statement tests through the {@link Session} interface. Each script under
 * {@code scripts/} runs in a fresh database: a line {@code > SQL} runs a statement; the lines up
 * to the next statement are what it must give: {@code ok [affected]}, {@code error CODE STATE
 * TEXT}, {@code cols name/TYPE/length/flags ...} and one line per row.
 */
class StatementScriptTest {
    @TempDir
    static Path dir;
    static EngineFixture fixture;

    @BeforeAll
    static void open() throws SQLException {
        fixture = new EngineFixture(dir);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lexing", "errors", "show", "transactions", "types", "ddl", "variables", "sysbench"})
    void script(String name) throws Exception {
        List<String> lines = read(name);
        try (Session s = fixture.root()) {
            s.execute("CREATE DATABASE " + name);
            s.execute("USE " + name);
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i);
                if (!line.startsWith("> ")) {
                    i++;
                    continue;
                }
                String sql = line.substring(2);
                int lineNo = i + 1;
                List<String> expected = new ArrayList<>();
                i++;
                while (i < lines.size() && !lines.get(i).startsWith("> ")) {
                    if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#")) {
                        expected.add(lines.get(i));
                    }
                    i++;
                }
                List<String> actual = run(s, sql, expected.stream().anyMatch(e -> e.startsWith("cols ")));
                assertThat(actual).as("%s.txt line %d: %s", name, lineNo, sql).containsExactlyElementsOf(expected);
            }
        }
    }

    private static List<String> run(Session s, String sql, boolean withColumns) {
        List<String> out = new ArrayList<>();
        try {
            Result r = s.execute(sql.replace("\\n", "\n"));
            if (r instanceof Result.Ok ok) {
                out.add(ok.affectedRows() == 0 ? "ok" : "ok " + ok.affectedRows());
            } else {
                Result.Rows rows = (Result.Rows) r;
                if (withColumns) {
                    StringBuilder b = new StringBuilder("cols");
                    for (Column c : rows.columns()) {
                        b.append(' ').append(c.name()).append('/').append(c.type()).append('/').append(c.length()).append('/').append(c.flags());
                    }
                    out.add(b.toString());
                }
                for (Object[] row : rows.rows()) {
                    out.add(format(row));
                }
            }
        } catch (SQLException e) {
            out.add("error " + e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage());
        }
        return out;
    }

    static String format(Object[] row) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            Object v = row[i];
            b.append(v instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes)
                    : v == null ? "NULL" : v.getClass().getSimpleName() + ":" + v.toString().replace("\n", "\\n"));
        }
        return b.append(']').toString();
    }

    private static List<String> read(String name) throws IOException {
        try (InputStream in = StatementScriptTest.class.getResourceAsStream("scripts/" + name + ".txt")) {
            assertThat(in).as("script %s", name).isNotNull();
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
