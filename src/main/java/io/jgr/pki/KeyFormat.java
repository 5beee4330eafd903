package io.jgr.pki;

/** The three PEM encodings of a private key that OpenSSL, and so MySQL's {@code ssl_key}, accept. */
public enum KeyFormat {
    /** {@code -----BEGIN PRIVATE KEY-----}: any algorithm. */
    PKCS8,
    /** {@code -----BEGIN RSA PRIVATE KEY-----}: RSA only (OpenSSL's "traditional" format). */
    PKCS1,
    /** {@code -----BEGIN EC PRIVATE KEY-----}: EC only (RFC 5915), curve and public key included. */
    SEC1
}
