package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The GTID set text of SET GLOBAL gtid_purged as MySQL writes it, read as the group's GTIDs from 1. */
class GtidPurgedVariableTest {
    static final String GROUP = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";

    @ParameterizedTest(name = "{0} -> add {1}, through {2}")
    @CsvSource(delimiter = '|', value = {
            "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1-5     | false | 5",
            "+aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1-5    | true  | 5",
            " + AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA:1    | true  | 1",
            "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1-3:4-9 | false | 9",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:1-2         | false | 2",
            "''                                           | false | 0",
            "+                                            | true  | 0"})
    void readsTheGroupsGtidsFromOne(String text, boolean add, long through) throws SQLException {
        GtidPurgedVariable.Requested r = GtidPurgedVariable.parse(text, GROUP);
        assertThat(r.add()).isEqualTo(add);
        assertThat(r.through()).isEqualTo(through);
        if (through > 0) {
            assertThat(r.group()).isEqualTo(UUID.fromString(GROUP));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "garbage                                                                         | 1772",
            "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:0-5                                        | 1772",
            "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:5-3                                        | 1772",
            "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:2-5                                        | 1235",
            "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1-3:5-9                                    | 1235",
            "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb:1-5                                        | 1235",
            "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1-5,bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb:1 | 1235"})
    void refusesWhatItCannotHoldWithMySqlsErrors(String text, int code) {
        assertThatThrownBy(() -> GtidPurgedVariable.parse(text, GROUP))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(code));
    }
}
