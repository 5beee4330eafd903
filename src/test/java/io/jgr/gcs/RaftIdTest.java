package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RaftIdTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "8a94f357-aab4-11df-86ab-c80aa9429562#lq1x-3a, 8a94f357-aab4-11df-86ab-c80aa9429562, lq1x-3a",
        "8a94f357-aab4-11df-86ab-c80aa9429562#,        null,                                 null",
        "#abc,                                         null,                                 null",
        "not-a-uuid#abc,                               null,                                 null",
        "plain,                                        null,                                 null",
    })
    void parses(String text, String member, String incarnation) {
        RaftId id = RaftId.parse(text);
        if (member == null) {
            assertThat(id).isNull();
        } else {
            assertThat(id).isEqualTo(new RaftId(UUID.fromString(member), incarnation));
            assertThat(id.toString()).isEqualTo(text);
        }
    }

    @Test
    void incarnationsDiffer() {
        assertThat(RaftId.newIncarnation()).isNotEqualTo(RaftId.newIncarnation()).doesNotContain("#");
    }
}
