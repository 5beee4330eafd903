package io.jgr.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jgr.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StartOnBootTest {
    private static final String GROUP = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    @TempDir
    Path dir;

    enum Store { NOTHING, STORED, STORED_AND_START, DAMAGED }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("off", false, GROUP, Store.STORED, false, List.of()),
                Arguments.of("no group name", true, "", Store.STORED, false,
                        List.of(StartOnBoot.GROUP_NAME_MANDATORY, StartOnBoot.UNABLE)),
                Arguments.of("null group name", true, null, Store.STORED, false,
                        List.of(StartOnBoot.GROUP_NAME_MANDATORY, StartOnBoot.UNABLE)),
                Arguments.of("nothing stored", true, GROUP, Store.NOTHING, false,
                        List.of(StartOnBoot.NO_CREDENTIALS, StartOnBoot.UNABLE)),
                Arguments.of("damaged store", true, GROUP, Store.DAMAGED, false,
                        List.of("fail their integrity check", StartOnBoot.UNABLE)),
                Arguments.of("stored", true, GROUP, Store.STORED, true, List.of()),
                Arguments.of("START credentials are never used on boot", true, GROUP, Store.STORED_AND_START, true, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, boolean onBoot, String group, Store store, boolean starts, List<String> lines) throws Exception {
        RecoveryCredentials creds = new RecoveryCredentials(new CredentialVault(dir));
        if (store != Store.NOTHING) {
            creds.vault().store(new StoredCredentials("rpl", "boot-pw-1"));
        }
        if (store == Store.DAMAGED) {
            byte[] b = Files.readAllBytes(creds.vault().dataFile());
            b[b.length - 1] ^= 1;
            Files.write(creds.vault().dataFile(), b);
        }
        if (store == Store.STORED_AND_START) {
            creds.setStartCredentials("other", "start-pw", null);
        }
        try (LogCapture log = LogCapture.open()) {
            StartOnBoot.Decision d = StartOnBoot.decide(onBoot, group, creds);
            assertThat(d.start()).isEqualTo(starts);
            if (starts) {
                assertThat(d.credentials()).hasValueSatisfying(c -> {
                    assertThat(c.user()).isEqualTo("rpl");
                    assertThat(c.source()).isEqualTo(Credentials.Source.STORED);
                });
            }
            List<String> errors = log.lines().stream().filter(l -> l.contains("[ERROR]")).toList();
            assertThat(errors).hasSize(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(errors.get(i)).contains("Plugin group_replication reported: '").contains(lines.get(i));
            }
            assertThat(log.lines()).noneMatch(l -> l.contains("boot-pw-1"));
        }
    }
}
