package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RetiredSendersTest {
    private static final String A = "8a1f3c5e-0000-4000-8000-000000000001#mfx3k2a-1z";
    private static final String B = "8a1f3c5e-0000-4000-8000-000000000002#mfx3k2b-07";
    private static final byte[] PAYLOAD = "row images".getBytes(StandardCharsets.US_ASCII);

    @Test
    void anEntryNamesItsSenderAndCarriesThePayloadUnchanged() {
        byte[] entry = RetiredSenders.entry(RetiredSenders.header(A), PAYLOAD);
        assertThat(RetiredSenders.sender(entry, 0, entry.length)).isEqualTo(A);
        assertThat(new RetiredSenders().admit(entry, 0, entry.length)).isEqualTo(PAYLOAD);
    }

    @Test
    void onlyARetiredSendersEntriesAreRefused() {
        RetiredSenders senders = new RetiredSenders();
        senders.retire(A);
        byte[] fromA = RetiredSenders.entry(RetiredSenders.header(A), PAYLOAD);
        byte[] fromB = RetiredSenders.entry(RetiredSenders.header(B), PAYLOAD);
        assertThat(senders.admit(fromA, 0, fromA.length)).isNull();
        assertThat(senders.admit(fromB, 0, fromB.length)).isEqualTo(PAYLOAD);
    }

    @Test
    void anEntryInsideALargerArrayIsReadAtItsOffset() {
        byte[] entry = RetiredSenders.entry(RetiredSenders.header(B), PAYLOAD);
        byte[] framed = new byte[entry.length + 7];
        System.arraycopy(entry, 0, framed, 3, entry.length);
        assertThat(new RetiredSenders().admit(framed, 3, entry.length)).isEqualTo(PAYLOAD);
    }

    @Test
    void anEntryShorterThanTheSenderItAnnouncesIsRefusedEverywhereAlike() {
        byte[] truncated = {40, 'a', 'b'};
        assertThat(new RetiredSenders().admit(truncated, 0, truncated.length)).isNull();
        assertThat(new RetiredSenders().admit(new byte[0], 0, 0)).isNull();
    }

    @Test
    void aSnapshotCarriesTheRetiredSendersAndReplacesTheReadersSet() throws Exception {
        RetiredSenders writer = new RetiredSenders();
        writer.retire(A);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(new DataOutputStream(bytes));

        RetiredSenders reader = new RetiredSenders();
        reader.retire(B); // not in the snapshot: the snapshot's set wins
        reader.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        byte[] fromA = RetiredSenders.entry(RetiredSenders.header(A), PAYLOAD);
        byte[] fromB = RetiredSenders.entry(RetiredSenders.header(B), PAYLOAD);
        assertThat(reader.admit(fromA, 0, fromA.length)).isNull();
        assertThat(reader.admit(fromB, 0, fromB.length)).isEqualTo(PAYLOAD);
    }
}
