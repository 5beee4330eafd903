package io.jgr.perimeter.tls;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate names an address: by IP subject alternative name, or by DNS name. The
 * subject CN is not consulted (RFC 6125; stricter than OpenSSL's fallback to the CN).
 */
public final class CertificateNames {
    private static final int DNS = 2;
    private static final int IP = 7;

    /** Name resolution for DNS SANs; a seam so unit tests can answer without a DNS server. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    private CertificateNames() {
    }

    /**
     * The dialler's check (MySQL's VERIFY_IDENTITY): the host string dialled is an IP literal named
     * by an IP SAN, or a host name matched by a DNS SAN ({@code *.} wildcard in the first label).
     */
    public static boolean namesHost(X509Certificate cert, String dialled) {
        if (dialled == null || dialled.isEmpty()) {
            return false;
        }
        InetAddress literal = ipLiteral(dialled);
        if (literal != null) {
            return ipSans(cert).stream().anyMatch(literal::equals);
        }
        String host = stripDot(dialled.toLowerCase(Locale.ROOT));
        return dnsSans(cert).stream().anyMatch(san -> dnsMatches(san, host));
    }

    /**
     * The acceptor's check (jgr decision 8): the connection's source address is named by an IP SAN,
     * or by a DNS SAN that resolves to it now. Wildcard DNS SANs cannot be resolved and never match.
     */
    public static boolean namesSource(X509Certificate cert, InetAddress source, Resolver resolver) {
        InetAddress peer = unmap(source);
        if (ipSans(cert).stream().anyMatch(peer::equals)) {
            return true;
        }
        for (String san : dnsSans(cert)) {
            if (san.contains("*")) {
                continue;
            }
            try {
                for (InetAddress a : resolver.resolve(san)) {
                    if (unmap(a).equals(peer)) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                // an unresolvable name names nothing: fail closed
            }
        }
        return false;
    }

    /** The subject alternative names, for messages: {@code IP:127.0.0.1, DNS:localhost}. */
    public static String describe(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        ipSans(cert).forEach(a -> out.add("IP:" + a.getHostAddress()));
        dnsSans(cert).forEach(d -> out.add("DNS:" + d));
        return out.isEmpty() ? "no subject alternative names" : String.join(", ", out);
    }

    static List<InetAddress> ipSans(X509Certificate cert) {
        List<InetAddress> out = new ArrayList<>();
        for (List<?> san : sans(cert)) {
            if (((Integer) san.get(0)) == IP) {
                InetAddress a = ipLiteral(san.get(1).toString());
                if (a != null) {
                    out.add(unmap(a));
                }
            }
        }
        return out;
    }

    static List<String> dnsSans(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        for (List<?> san : sans(cert)) {
            if (((Integer) san.get(0)) == DNS) {
                out.add(stripDot(san.get(1).toString().toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private static Collection<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static boolean dnsMatches(String san, String host) {
        if (san.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(san.substring(2)) && san.length() > 2;
        }
        return san.equals(host);
    }

    /** An IP literal parsed without any DNS lookup, or null for a host name. */
    static InetAddress ipLiteral(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = !t.isEmpty() && t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        boolean v6 = t.contains(":"); // InetAddress never looks a name with ':' up in DNS
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code ::ffff:a.b.c.d} as the IPv4 address it carries (a dual-stack listener's view of an IPv4 peer). */
    static InetAddress unmap(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
