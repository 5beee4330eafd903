package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompiledAllowlistTest {
    private static final String V4 = "[GCS] Automatically adding IPv4 localhost address to the allowlist. It is mandatory that it is added.";
    private static final String V6 = "[GCS] Automatically adding IPv6 localhost address to the allowlist. It is mandatory that it is added.";

    /** list | IPv4 warning | IPv6 warning | effective entries. */
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "''|true|true|127.0.0.1/32,::1/128",
        "10.0.0.0/8|true|true|10.0.0.0/8,127.0.0.1/32,::1/128",
        "127.0.0.1|true|true|127.0.0.1,127.0.0.1/32,::1/128",
        "127.0.0.1/32|false|true|127.0.0.1/32,::1/128",
        "LOCALHOST/32|false|true|LOCALHOST/32,::1/128",
        "::ffff:127.0.0.1/128|false|true|::ffff:127.0.0.1/128,::1/128",
        "::1/128|true|false|::1/128,127.0.0.1/32",
        "'127.0.0.1/32, ::1/128'|false|false|127.0.0.1/32,::1/128",
    })
    void localhostIsAddedWithMysqlsWarnings(String list, boolean v4Warning, boolean v6Warning, String effective) throws Exception {
        try (LogCapture log = LogCapture.open()) {
            CompiledAllowlist compiled = CompiledAllowlist.compile(Allowlist.parse(list), List::of);
            assertThat(compiled.effectiveEntries().stream().map(AllowlistEntry::text).toList())
                    .containsExactly(effective.split(","));
            assertThat(log.linesContaining(V4)).hasSize(v4Warning ? 1 : 0);
            assertThat(log.linesContaining(V6)).hasSize(v6Warning ? 1 : 0);
            assertThat(log.linesContaining("localhost address")).allMatch(l -> l.contains(" [Warning] [MY-011735] [Repl] "));
        }
    }
}
