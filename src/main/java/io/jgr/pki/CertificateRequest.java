package io.jgr.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a leaf certificate should say. Immutable; each {@code with...} returns a changed copy, e.g.
 * {@code CertificateRequest.leaf("member1").ip("127.0.0.1").dns("localhost")}.
 *
 * @param commonName   subject CN
 * @param ipAddresses  IP subject alternative names (literals)
 * @param dnsNames     DNS subject alternative names
 * @param notBefore    start of validity
 * @param notAfter     end of validity
 * @param keyAlgorithm the subject's key type
 * @param serverAuth   whether the extended key usage includes TLS server authentication
 * @param clientAuth   whether the extended key usage includes TLS client authentication
 */
public record CertificateRequest(String commonName, List<String> ipAddresses, List<String> dnsNames,
                                 Instant notBefore, Instant notAfter, KeyAlgorithm keyAlgorithm,
                                 boolean serverAuth, boolean clientAuth) {

    public CertificateRequest {
        ipAddresses = List.copyOf(ipAddresses);
        dnsNames = List.copyOf(dnsNames);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }

    /** A certificate for a member: valid from an hour ago for a year, EC P-256, server and client use. */
    public static CertificateRequest leaf(String commonName) {
        Instant now = Instant.now();
        return new CertificateRequest(commonName, List.of(), List.of(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365)), KeyAlgorithm.EC_P256, true, true);
    }

    public CertificateRequest ip(String... literals) {
        List<String> ips = new ArrayList<>(ipAddresses);
        ips.addAll(List.of(literals));
        return new CertificateRequest(commonName, ips, dnsNames, notBefore, notAfter, keyAlgorithm, serverAuth, clientAuth);
    }

    public CertificateRequest dns(String... names) {
        List<String> dns = new ArrayList<>(dnsNames);
        dns.addAll(List.of(names));
        return new CertificateRequest(commonName, ipAddresses, dns, notBefore, notAfter, keyAlgorithm, serverAuth, clientAuth);
    }

    public CertificateRequest validity(Instant from, Instant to) {
        return new CertificateRequest(commonName, ipAddresses, dnsNames, from, to, keyAlgorithm, serverAuth, clientAuth);
    }

    /** Expired yesterday. */
    public CertificateRequest expired() {
        Instant now = Instant.now();
        return validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    /** Valid only from tomorrow. */
    public CertificateRequest notYetValid() {
        Instant now = Instant.now();
        return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    public CertificateRequest key(KeyAlgorithm algorithm) {
        return new CertificateRequest(commonName, ipAddresses, dnsNames, notBefore, notAfter, algorithm, serverAuth, clientAuth);
    }

    public CertificateRequest usage(boolean server, boolean client) {
        return new CertificateRequest(commonName, ipAddresses, dnsNames, notBefore, notAfter, keyAlgorithm, server, client);
    }
}
