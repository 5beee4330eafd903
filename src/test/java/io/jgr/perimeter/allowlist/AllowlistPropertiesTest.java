package io.jgr.perimeter.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The compiled matcher against the linear reference, and the parser against any text. */
class AllowlistPropertiesTest {

    /** An entry: address bytes (4 or 16), drawn near a few bases so that random peers often hit. */
    record Entry(byte[] address, int prefix) {
        String text() {
            return IpLiteral.format(address) + "/" + prefix;
        }
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        // Addresses close to each other (same leading bytes) so that ranges overlap and touch.
        Arbitrary<byte[]> nearV4 = Arbitraries.integers().between(0, 1023).map(i -> new byte[] {10, 0, (byte) (i >> 8), (byte) (int) i});
        Arbitrary<byte[]> nearV6 = Arbitraries.integers().between(0, 1023).map(i -> {
            byte[] a = IpLiteral.parseV6("2001:db8::");
            a[7] = (byte) (i >> 4);
            a[8] = (byte) (i << 4);
            return a;
        });
        return Arbitraries.oneOf(v4, v6, nearV4, nearV6);
    }

    @Provide
    Arbitrary<List<byte[]>> peerLists() {
        return addresses().list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Entry>> lists() {
        Arbitrary<Entry> entry = addresses().flatMap(a -> Arbitraries.integers().between(0, a.length * 8)
                .edgeCases(c -> c.includeOnly(0, 1, a.length * 8 - 1, a.length * 8))
                .map(p -> new Entry(a, p)));
        return entry.list().ofMaxSize(40);
    }

    @Property(tries = 1000)
    void compiledMatcherAgreesWithLinearReference(@ForAll("lists") List<Entry> entries,
                                                  @ForAll("peerLists") List<byte[]> peers) throws Exception {
        StringBuilder value = new StringBuilder();
        LinearReferenceMatcher reference = new LinearReferenceMatcher();
        for (Entry e : entries) {
            value.append(value.length() == 0 ? "" : ",").append(e.text());
            reference.add(e.address(), e.prefix());
        }
        Allowlist list = Allowlist.parse(value.toString());
        List<CidrRange> ranges = new ArrayList<>();
        for (AllowlistEntry e : list.entries()) {
            ranges.add(((IpEntry) e).range());
        }
        RangeSet compiled = RangeSet.of(ranges);
        List<byte[]> probes = new ArrayList<>(peers);
        for (Entry e : entries) {
            probes.add(e.address()); // hits
            probes.add(CidrRange.of(e.address(), e.prefix()).isV6()
                    ? Addresses.bytes(CidrRange.of(e.address(), e.prefix()).lastHi(), CidrRange.of(e.address(), e.prefix()).lastLo())
                    : Addresses.v4Bytes(CidrRange.of(e.address(), e.prefix()).lastLo())); // upper edge
        }
        for (byte[] peer : probes) {
            byte[] normalised = Addresses.normalise(peer);
            assertThat(compiled.contains(peer)).as("peer %s in %s", IpLiteral.format(peer), value)
                    .isEqualTo(reference.matches(normalised));
        }
    }

    @Provide
    Arbitrary<String> listLikeText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789./:abcdefABCDEF, %-+x").ofMaxLength(24),
                Arbitraries.of("automatic", "AUTOMATIC", "localhost", "/", ",", "::", "::ffff:", "255", "256", "/33", "/129",
                        "/0", "99999999999", " ", "\t", "\u0661", "example.org"),
                Arbitraries.strings().ofMaxLength(12));
        return pieces.list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void parserOnlyEverThrowsValidationErrors(@ForAll("listLikeText") String value) {
        assertParsesOrRefuses(value);
    }

    @Property(tries = 1000)
    void parserOnlyEverThrowsValidationErrorsOnAnyString(@ForAll String value) {
        assertParsesOrRefuses(value);
    }

    private static void assertParsesOrRefuses(String value) {
        try {
            Allowlist list = Allowlist.parse(value);
            assertThat(list.value()).isEqualTo(value);
            for (AllowlistEntry e : list.entries()) {
                assertThat(e.text()).doesNotContainAnyWhitespaces().isNotEmpty();
            }
        } catch (InvalidAllowlistException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
