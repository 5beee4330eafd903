package io.jgr.sql.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Protocol::HandshakeResponse41, or the 32-byte SSLRequest that precedes it when the client
 * wants TLS (then {@link #sslRequest()} is true and only the first three fields are set).
 */
public record HandshakeResponse(int capabilities, long maxPacket, int charset, boolean sslRequest,
                                String user, byte[] authResponse, String schema, String plugin,
                                Map<String, String> attributes) {

    /** Length of an SSLRequest: caps, max packet, charset and 23 reserved bytes. */
    public static final int SSL_REQUEST_LENGTH = 32;

    public static HandshakeResponse parse(byte[] payload) {
        PayloadReader r = new PayloadReader(payload);
        int caps = (int) r.int4();
        if (!Capabilities.has(caps, Capabilities.PROTOCOL_41)) {
            throw new MalformedPacketException("client does not speak protocol 4.1");
        }
        long maxPacket = r.int4();
        int charset = r.int1();
        r.skip(23);
        if (payload.length == SSL_REQUEST_LENGTH && Capabilities.has(caps, Capabilities.SSL)) {
            return new HandshakeResponse(caps, maxPacket, charset, true, null, null, null, null, Map.of());
        }
        String user = r.nulString();
        byte[] auth;
        if (Capabilities.has(caps, Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            auth = r.lenencBytes();
        } else if (Capabilities.has(caps, Capabilities.SECURE_CONNECTION)) {
            auth = r.bytes(r.int1());
        } else {
            auth = r.nulString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        String schema = null;
        if (Capabilities.has(caps, Capabilities.CONNECT_WITH_DB) && r.hasMore()) {
            schema = r.nulString();
            if (schema.isEmpty()) {
                schema = null;
            }
        }
        String plugin = null;
        if (Capabilities.has(caps, Capabilities.PLUGIN_AUTH) && r.hasMore()) {
            plugin = r.nulString();
        }
        Map<String, String> attributes = Map.of();
        if (Capabilities.has(caps, Capabilities.CONNECT_ATTRS) && r.hasMore()) {
            attributes = attributes(r);
        }
        return new HandshakeResponse(caps, maxPacket, charset, false, user, auth, schema, plugin, attributes);
    }

    private static Map<String, String> attributes(PayloadReader r) {
        long total = r.lenenc();
        int end = r.position() + (int) Math.min(total, r.remaining());
        Map<String, String> attrs = new LinkedHashMap<>();
        while (r.position() < end) {
            attrs.put(r.lenencString(), r.lenencString());
        }
        return attrs;
    }
}
