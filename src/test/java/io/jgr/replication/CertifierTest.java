package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Certification is a pure function of the delivered sequence: table of sequences and their verdicts. */
class CertifierTest {

    /** One delivered transaction: its snapshot and write set. */
    record Tx(long snapshot, long... writeSet) {
    }

    static List<Arguments> sequences() {
        return List.of(
                Arguments.of("disjoint keys both pass", List.of(new Tx(0, 1), new Tx(0, 2)), "+1 +2"),
                Arguments.of("same key, same snapshot: first committer wins", List.of(new Tx(0, 1), new Tx(0, 1)), "+1 -"),
                Arguments.of("same key, second saw the first", List.of(new Tx(0, 1), new Tx(1, 1)), "+1 +2"),
                Arguments.of("a negative one leaves no trace", List.of(new Tx(0, 1), new Tx(0, 1, 2), new Tx(0, 2)), "+1 - +2"),
                Arguments.of("overlap on one of many keys", List.of(new Tx(0, 1, 2, 3), new Tx(0, 9, 3)), "+1 -"),
                Arguments.of("snapshot between writers", List.of(new Tx(0, 5), new Tx(0, 6), new Tx(1, 5), new Tx(1, 6)), "+1 +2 +3 -"),
                Arguments.of("snapshot at the last writer passes", List.of(new Tx(0, 5), new Tx(0, 6), new Tx(2, 6)), "+1 +2 +3"),
                Arguments.of("empty write set always passes", List.of(new Tx(0, 1), new Tx(0)), "+1 +2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void verdictsFollowFirstCommitterWins(String name, List<Tx> txs, String expected) {
        assertThat(run(new Certifier(), txs)).isEqualTo(expected);
        assertThat(run(new Certifier(), txs)).as("deterministic").isEqualTo(expected);
    }

    private static String run(Certifier c, List<Tx> txs) {
        List<String> out = new ArrayList<>();
        long index = 0;
        for (Tx t : txs) {
            Certifier.Verdict v = c.certify(++index, t.snapshot(), t.writeSet());
            out.add(v.positive() ? "+" + v.gtidNumber() : "-");
        }
        return String.join(" ", out);
    }

    @Test
    void purgeDropsWhatEveryMemberHasAppliedAndRefusesOlderSnapshots() {
        Certifier c = new Certifier();
        c.certify(1, 0, new long[] {1});
        c.certify(2, 1, new long[] {2});
        assertThat(c.size()).isEqualTo(2);
        c.purge(1);
        assertThat(c.size()).isEqualTo(1);
        // a snapshot older than the purge could have conflicted with a forgotten entry: refused
        assertThat(c.certify(3, 0, new long[] {7}).positive()).isFalse();
        assertThat(c.certify(4, 2, new long[] {2}).positive()).isTrue();
    }

    @Test
    void statementsTakeTheNextGtid() {
        Certifier c = new Certifier();
        assertThat(c.certify(1, 0, new long[] {1}).gtidNumber()).isEqualTo(1);
        assertThat(c.certifyStatement().gtidNumber()).isEqualTo(2);
        assertThat(c.gtidCounter()).isEqualTo(2);
    }
}
