package io.jgr.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.store.capture.RowChange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every message kind and every value class H2 hands the trigger survives encoding. */
class MessageCodecTest {
    private static final UUID A = UUID.randomUUID();

    @Test
    void transactionWithEveryValueClassRoundTrips() {
        Object[] after = {1, 2L, "s", new BigDecimal("1.50"), new byte[] {1, 2}, true, 1.5d, 2.5f, (short) 3, (byte) 4,
                LocalDate.of(2026, 1, 2), LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6000), LocalTime.of(1, 2, 3),
                new BigInteger("18446744073709551615"), null, "x".repeat(70_000)};
        List<String> cols = java.util.stream.IntStream.range(0, after.length).mapToObj(i -> "c" + i).toList();
        RowChange row = new RowChange("db", "t", RowChange.Kind.INSERT, cols, new int[] {0}, null, after);
        GroupMessage.Transaction t = new GroupMessage.Transaction(A, 7, 3, new long[] {11, -12}, List.of(row), null, null);
        GroupMessage.Transaction back = (GroupMessage.Transaction) MessageCodec.decode(MessageCodec.encode(t));
        assertThat(back.origin()).isEqualTo(A);
        assertThat(back.localId()).isEqualTo(7);
        assertThat(back.snapshot()).isEqualTo(3);
        assertThat(back.writeSet()).containsExactly(11, -12);
        RowChange r = back.rows().get(0);
        assertThat(r.before()).isNull();
        assertThat(java.util.Arrays.deepEquals(r.after(), after)).isTrue();
        assertThat(r.columns()).isEqualTo(cols);
        assertThat(r.primaryKey()).containsExactly(0);
    }

    /**
     * The bytes on the wire and in the transaction log file are fixed: members of one group and a log written
     * earlier must read them. These are the bytes the DataOutputStream encoder wrote before session 19.
     */
    @Test
    void encodingIsByteForByteTheFormatEarlierMembersWrote() {
        UUID u = new UUID(0x0123456789abcdefL, 0xfedcba9876543210L);
        Object[] after = {1, 2L, "s\u00e9\u4e2d", new BigDecimal("1.50"), new byte[] {1, 2}, true, 1.5d, 2.5f, (short) 3, (byte) 4,
                LocalDate.of(2026, 1, 2), LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6000), LocalTime.of(1, 2, 3),
                new BigInteger("18446744073709551615"), null};
        List<String> cols = java.util.stream.IntStream.range(0, after.length).mapToObj(i -> "c" + i).toList();
        RowChange ins = new RowChange("db", "t", RowChange.Kind.INSERT, cols, new int[] {0}, null, after);
        RowChange upd = new RowChange("db", "t", RowChange.Kind.UPDATE, List.of("id", "v"), new int[] {0},
                new Object[] {1, "a"}, new Object[] {1, "b"});
        java.util.HexFormat hex = java.util.HexFormat.of();
        assertThat(hex.formatHex(MessageCodec.encode(new GroupMessage.Transaction(u, 7, 3, new long[] {11, -12}, List.of(ins, upd), null, null))))
                .isEqualTo("01010123456789abcdeffedcba98765432100000000000000007000000000000000300000002000000000000000bffffffff" +
            "fffffff40000000000020002646200017400000f000263300002633100026332000263330002633400026335000263360002" +
            "633700026338000263390003633130000363313100036331320003633133000363313400010000ffff000f01000000010200" +
            "00000000000002030000000673c3a9e4b8ad0400000004312e3530050000000201020601073ff80000000000000840200000" +
            "0900030a040b0000000000004fe70c0000000000004fe700000a0b9d4d49700d00000362d417ae000e000000143138343436" +
            "3734343037333730393535313631350000026462000174010002000269640001760001000000020100000001030000000161" +
            "00020100000001030000000162");
        assertThat(hex.formatHex(MessageCodec.encode(new GroupMessage.Transaction(u, 8, 4, new long[0], List.of(),
                "CREATE TABLE t (id INT PRIMARY KEY)", "db")))).isEqualTo("01010123456789abcdeffedcba987654321000000000000000080000000000000004000000000100000023435245415445205441424c4520742028696420494e54205052494d415259204b4559290100000002646200000000");
        assertThat(hex.formatHex(MessageCodec.encode(new GroupMessage.MemberInfo(u, 50, "127.0.0.1", 3306, 9, 674, 1))))
                .isEqualTo("02010123456789abcdeffedcba98765432100000003200093132372e302e302e3100000cea000000000000000900000000000002a2"
                        + "00000001");
        assertThat(MessageCodec.decode(hex.parseHex("02010123456789abcdeffedcba98765432100000003200093132372e302e302e3100000cea"
                + "000000000000000900000000000002a2"))).as("a MemberInfo from a member before session 30, without flags")
                .isEqualTo(new GroupMessage.MemberInfo(u, 50, "127.0.0.1", 3306, 9, 674, ConfigurationFlags.UNKNOWN));
        assertThat(hex.formatHex(MessageCodec.encode(new GroupMessage.Elect(u, null)))).isEqualTo("03010123456789abcdeffedcba987654321000");
        // Stats: the progress as members before session 28 wrote it (they read that much), then the counters
        assertThat(hex.formatHex(MessageCodec.encode(new GroupMessage.Stats(u, 1, 2, 3,
                new GroupMessage.Counters(4, 5, 6, 7, 8, 9, 10))))).isEqualTo("04010123456789abcdeffedcba9876543210"
                + "000000000000000100000000000000020000000000000003"
                + "000000000000000400000000000000050000000000000006000000000000000700000000000000080000000000000009000000000000000a");
        assertThat(MessageCodec.decode(hex.parseHex("04010123456789abcdeffedcba9876543210000000000000000100000000000000020000000000000003")))
                .as("a Stats from a member before session 28").isEqualTo(new GroupMessage.Stats(u, 1, 2, 3));
        assertThat(hex.formatHex(MessageCodec.encode(new GroupMessage.Forget(u)))).isEqualTo("05010123456789abcdeffedcba9876543210");
    }

    @Test
    void certificationFieldsDecodeWithoutTheRowsWhichAreReadWhenFirstUsed() {
        RowChange row = new RowChange("db", "t", RowChange.Kind.UPDATE, List.of("id", "v"), new int[] {0},
                new Object[] {1, "a"}, new Object[] {1, "b"});
        byte[] whole = MessageCodec.encode(new GroupMessage.Transaction(A, 7, 3, new long[] {11}, List.of(row, row), null, null));
        byte[] payload = java.util.Arrays.copyOf(whole, whole.length - 2); // the last row cut short: only a row read can notice
        GroupMessage.Transaction back = (GroupMessage.Transaction) MessageCodec.decode(payload);
        assertThat(back.origin()).isEqualTo(A);
        assertThat(back.snapshot()).isEqualTo(3);
        assertThat(back.writeSet()).containsExactly(11);
        assertThat(back.rows()).hasSize(2);
        assertThatThrownBy(() -> back.rows().get(0)).isInstanceOf(java.io.UncheckedIOException.class);

        GroupMessage.Transaction good = (GroupMessage.Transaction) MessageCodec.decode(
                MessageCodec.encode(new GroupMessage.Transaction(A, 8, 3, new long[] {11}, List.of(row), null, null)));
        assertThat(good.rows().get(0).after()).containsExactly(1, "b");
        assertThat(good.rows().get(0)).isSameAs(good.rows().get(0)); // decoded once

        EncodedRows spoiltCount = new EncodedRows(new byte[10], 0, Integer.MAX_VALUE, in -> {
            in.readInt();
            return row;
        });
        assertThatThrownBy(() -> spoiltCount.get(0)).isInstanceOf(java.io.UncheckedIOException.class); // not OutOfMemoryError
    }

    @Test
    void ddlAndControlMessagesRoundTrip() {
        List<GroupMessage> messages = List.of(
                new GroupMessage.MemberInfo(A, 90),
                new GroupMessage.MemberInfo(A, 50, "127.0.0.2", 3306, -4_242_424_242L, 1_000_000, 0),
                new GroupMessage.Elect(A, null),
                new GroupMessage.Stats(A, 10, 2, 0),
                new GroupMessage.Stats(A, 10, 2, 0, new GroupMessage.Counters(100, 3, 40, 97, 0, 3, 99)),
                new GroupMessage.Forget(A),
                new GroupMessage.ModeSwitch(true, null),
                new GroupMessage.ModeSwitch(false, A),
                new GroupMessage.SyncPoint(A),
                new GroupMessage.Applied(A, 42));
        for (GroupMessage m : messages) {
            assertThat(MessageCodec.decode(MessageCodec.encode(m))).isEqualTo(m);
        }
        GroupMessage.Transaction ddl = new GroupMessage.Transaction(A, 1, 0, new long[0], List.of(), "CREATE DATABASE d", null);
        GroupMessage.Transaction back = (GroupMessage.Transaction) MessageCodec.decode(MessageCodec.encode(ddl));
        assertThat(back.isDdl()).isTrue();
        assertThat(back.ddl()).isEqualTo("CREATE DATABASE d");
        assertThat(back.after()).isFalse();
        GroupMessage.Transaction after = new GroupMessage.Transaction(A, 2, 0, new long[] {7}, List.of(), "DROP DATABASE d", null, true);
        byte[] encoded = MessageCodec.encode(after);
        assertThat(encoded[0]).as("its own tag, the same fields").isEqualTo((byte) 9);
        assertThat(((GroupMessage.Transaction) MessageCodec.decode(encoded)).after()).isTrue();
        assertThat(back.ddlSchema()).isNull();
    }

    @Test
    void aValueClassOutsideMySqlTypesIsRefusedNotSerialized() {
        RowChange row = new RowChange("db", "t", RowChange.Kind.INSERT, List.of("c"), new int[] {0}, null,
                new Object[] {new java.util.ArrayList<>()});
        assertThatThrownBy(() -> MessageCodec.encode(new GroupMessage.Transaction(A, 1, 0, new long[0], List.of(row), null, null)))
                .hasMessageContaining("cannot replicate a value of java.util.ArrayList");
    }

    @Test
    void accountChangesRoundTripWithHashesAndGrants() {
        var account = new io.jgr.sql.engine.Account("app", "%", "caching_sha2_password", new byte[20], new byte[] {1, 2, 3},
                io.jgr.sql.engine.TlsRequirement.SSL, true);
        var grants = java.util.Map.<io.jgr.store.account.AccountStore.Level, java.util.Set<io.jgr.store.account.Privilege>>of(
                new io.jgr.store.account.AccountStore.Level("app", "*"),
                java.util.EnumSet.of(io.jgr.store.account.Privilege.SELECT, io.jgr.store.account.Privilege.INSERT));
        GroupMessage.Accounts m = new GroupMessage.Accounts(A, 3, List.of(
                new GroupMessage.AccountChange("app", "%", new io.jgr.store.account.AccountStore.AccountState(account, grants)),
                new GroupMessage.AccountChange("gone", "localhost", null)));
        GroupMessage.Accounts back = (GroupMessage.Accounts) MessageCodec.decode(MessageCodec.encode(m));
        assertThat(back.changes()).hasSize(2);
        assertThat(back.changes().get(0).state().account().sha2Hash()).containsExactly(1, 2, 3);
        assertThat(back.changes().get(0).state().account().locked()).isTrue();
        assertThat(back.changes().get(0).state().grants()).isEqualTo(grants);
        assertThat(back.changes().get(1).state()).isNull();
    }
}
