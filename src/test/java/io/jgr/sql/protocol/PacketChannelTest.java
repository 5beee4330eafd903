package io.jgr.sql.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PacketChannelTest {
    private static final int MAX = PacketChannel.MAX_CHUNK;

    /** Frame lengths as they appear on the wire. */
    private static List<Integer> frames(byte[] wire) {
        List<Integer> lengths = new ArrayList<>();
        int pos = 0;
        while (pos < wire.length) {
            int len = (wire[pos] & 0xFF) | (wire[pos + 1] & 0xFF) << 8 | (wire[pos + 2] & 0xFF) << 16;
            lengths.add(len);
            pos += 4 + len;
        }
        return lengths;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 250, MAX - 1, MAX, MAX + 1, 2 * MAX, 2 * MAX + 7})
    void splitsAtTheChunkSizeAndRoundTrips(int size) throws Exception {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i += 4099) {
            payload[i] = (byte) i;
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketChannel out = new PacketChannel(InputStreamNull.INSTANCE, wire, Long.MAX_VALUE);
        out.write(payload);
        out.flush();
        List<Integer> expected = new ArrayList<>();
        int left = size;
        while (left >= MAX) {
            expected.add(MAX);
            left -= MAX;
        }
        expected.add(left); // an exact multiple ends with an empty frame
        assertThat(frames(wire.toByteArray())).isEqualTo(expected);
        assertThat(out.sequence()).isEqualTo(expected.size() & 0xFF);

        PacketChannel in = new PacketChannel(new ByteArrayInputStream(wire.toByteArray()), OutputStreamNull.INSTANCE, Long.MAX_VALUE);
        assertThat(in.read()).isEqualTo(payload);
        assertThat(in.read()).isNull();
    }

    @Test
    void sequenceIdsWrapAt256AndRestartPerCommand() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketChannel ch = new PacketChannel(InputStreamNull.INSTANCE, wire, 100);
        for (int i = 0; i < 257; i++) {
            ch.write(new byte[] {1});
        }
        assertThat(ch.sequence()).isEqualTo(1);
        byte[] w = wire.toByteArray();
        assertThat(w[255 * 5 + 3] & 0xFF).isEqualTo(255);
        assertThat(w[256 * 5 + 3] & 0xFF).isEqualTo(0);
        ch.resetSequence();
        assertThat(ch.sequence()).isZero();
    }

    @Test
    void outOfOrderSequenceIsRefused() {
        byte[] wire = {1, 0, 0, 5, 42};
        PacketChannel ch = new PacketChannel(new ByteArrayInputStream(wire), OutputStreamNull.INSTANCE, 100);
        assertThatThrownBy(ch::read).isInstanceOf(MalformedPacketException.class).hasMessageContaining("out of order");
    }

    @Test
    void payloadAboveTheLimitIsRefusedBeforeItIsRead() {
        byte[] wire = {(byte) 0xFF, 0, 0, 0};
        PacketChannel ch = new PacketChannel(new ByteArrayInputStream(wire), OutputStreamNull.INSTANCE, 254);
        assertThatThrownBy(ch::read).isInstanceOf(PacketTooLargeException.class);
    }

    @Test
    void truncatedPacketsAreEndOfStream() {
        PacketChannel header = new PacketChannel(new ByteArrayInputStream(new byte[] {1, 0}), OutputStreamNull.INSTANCE, 100);
        assertThatThrownBy(header::read).isInstanceOf(EOFException.class);
        PacketChannel body = new PacketChannel(new ByteArrayInputStream(new byte[] {3, 0, 0, 0, 1}), OutputStreamNull.INSTANCE, 100);
        assertThatThrownBy(body::read).isInstanceOf(EOFException.class);
    }

    private static final class InputStreamNull {
        static final java.io.InputStream INSTANCE = java.io.InputStream.nullInputStream();
    }

    private static final class OutputStreamNull {
        static final java.io.OutputStream INSTANCE = java.io.OutputStream.nullOutputStream();
    }
}
