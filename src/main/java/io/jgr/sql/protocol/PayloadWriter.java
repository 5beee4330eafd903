package io.jgr.sql.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one packet payload: little-endian fixed-size integers, length-encoded integers and
 * strings, NUL-terminated strings. The bytes are then framed by {@link PacketChannel}.
 */
public final class PayloadWriter {
    private byte[] buf;
    private int len;

    public PayloadWriter() {
        this(64);
    }

    public PayloadWriter(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    public PayloadWriter int1(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public PayloadWriter int2(int v) {
        return fixed(v, 2);
    }

    public PayloadWriter int3(int v) {
        return fixed(v, 3);
    }

    public PayloadWriter int4(long v) {
        return fixed(v, 4);
    }

    public PayloadWriter int8(long v) {
        return fixed(v, 8);
    }

    private PayloadWriter fixed(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** A length-encoded integer; {@code v} is read as unsigned 64-bit. */
    public PayloadWriter lenenc(long v) {
        if (v >= 0 && v < 251) {
            return int1((int) v);
        }
        if (v >= 0 && v < 0x10000) {
            return int1(0xFC).int2((int) v);
        }
        if (v >= 0 && v < 0x1000000) {
            return int1(0xFD).int3((int) v);
        }
        return int1(0xFE).int8(v);
    }

    public PayloadWriter lenencBytes(byte[] b) {
        lenenc(b.length);
        return bytes(b);
    }

    public PayloadWriter lenencString(String s) {
        return lenencBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The NULL marker of a text-protocol row value. */
    public PayloadWriter nullValue() {
        return int1(0xFB);
    }

    public PayloadWriter nulString(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8)).int1(0);
    }

    /** A string that runs to the end of the packet. */
    public PayloadWriter eofString(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public PayloadWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public PayloadWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public PayloadWriter zeros(int n) {
        ensure(n);
        Arrays.fill(buf, len, len + n, (byte) 0);
        len += n;
        return this;
    }

    /** Sets bit {@code bit} of the byte at {@code offset} (for NULL bitmaps written in place). */
    public void setBit(int offset, int bit) {
        buf[offset + bit / 8] |= (byte) (1 << (bit % 8));
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void reset() {
        len = 0;
    }
}
