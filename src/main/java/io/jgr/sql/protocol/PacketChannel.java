package io.jgr.sql.protocol;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * MySQL packet framing: a 3-byte little-endian length and a 1-byte sequence id before each
 * payload chunk. Payloads of 0xFFFFFF bytes or more are split into 0xFFFFFF-byte chunks, and a
 * payload whose length is an exact multiple of 0xFFFFFF ends with an empty chunk, so the reader
 * knows where it stops. Sequence ids count up (mod 256) across both directions within one
 * command and restart at 0 with each new command.
 *
 * <p>Until {@link #buffer()} is called, reads go straight to the given stream without read-ahead:
 * the client's TLS ClientHello follows the SSLRequest immediately, and a buffer would swallow it.
 */
public final class PacketChannel {
    /** Largest chunk one frame carries. */
    public static final int MAX_CHUNK = 0xFFFFFF;

    private InputStream in;
    private OutputStream out;
    private int sequence;
    private long maxPayload;
    private final byte[] header = new byte[4];

    public PacketChannel(InputStream in, OutputStream out, long maxPayload) {
        this.in = in;
        this.out = out;
        this.maxPayload = maxPayload;
    }

    /** Switches to new streams (after a TLS upgrade); unbuffered until {@link #buffer()}. */
    public void replaceStreams(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** From now on read and write through buffers (once the connection phase no longer switches transport). */
    public void buffer() {
        if (!(in instanceof BufferedInputStream)) {
            in = new BufferedInputStream(in, 16 * 1024);
        }
        if (!(out instanceof BufferedOutputStream)) {
            out = new BufferedOutputStream(out, 16 * 1024);
        }
    }

    public void maxPayload(long maxPayload) {
        this.maxPayload = maxPayload;
    }

    /** The largest payload {@link #read()} accepts (max_allowed_packet). */
    public long maxPayload() {
        return maxPayload;
    }

    public int sequence() {
        return sequence;
    }

    /** A new command starts: the client's packet carries sequence id 0. */
    public void resetSequence() {
        sequence = 0;
    }

    /**
     * Reads one logical packet (joining 0xFFFFFF-byte chunks). Returns null on a clean end of
     * stream before any byte of a packet.
     *
     * @throws PacketTooLargeException if the payload exceeds the limit (the rest is not read)
     * @throws MalformedPacketException if a sequence id is out of order
     */
    public byte[] read() throws IOException {
        byte[] payload = null;
        int total = 0;
        while (true) {
            int got = in.readNBytes(header, 0, 4);
            if (got == 0 && payload == null) {
                return null;
            }
            if (got < 4) {
                throw new EOFException("connection closed inside a packet header");
            }
            int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            int seq = header[3] & 0xFF;
            if (seq != sequence) {
                throw new MalformedPacketException("Got packets out of order: expected " + sequence + ", got " + seq);
            }
            sequence = (sequence + 1) & 0xFF;
            if ((long) total + length > maxPayload) {
                throw new PacketTooLargeException(total + (long) length, maxPayload);
            }
            if (payload == null) {
                payload = new byte[length];
            } else {
                payload = Arrays.copyOf(payload, total + length);
            }
            if (in.readNBytes(payload, total, length) < length) {
                throw new EOFException("connection closed inside a packet");
            }
            total += length;
            if (length < MAX_CHUNK) {
                return payload;
            }
        }
    }

    public void write(PayloadWriter payload) throws IOException {
        write(payload.array(), payload.length());
    }

    public void write(byte[] payload) throws IOException {
        write(payload, payload.length);
    }

    /** Writes one logical packet, split into frames; buffered until {@link #flush()}. */
    public void write(byte[] payload, int length) throws IOException {
        int off = 0;
        while (true) {
            int chunk = Math.min(length - off, MAX_CHUNK);
            header[0] = (byte) chunk;
            header[1] = (byte) (chunk >>> 8);
            header[2] = (byte) (chunk >>> 16);
            header[3] = (byte) sequence;
            sequence = (sequence + 1) & 0xFF;
            out.write(header, 0, 4);
            out.write(payload, off, chunk);
            off += chunk;
            if (chunk < MAX_CHUNK) {
                return;
            }
        }
    }

    public void flush() throws IOException {
        out.flush();
    }
}
