package io.jgr.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.ASN1VisibleString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * OpenSSL's subject-name hash ({@code openssl x509 -hash}, {@code X509_NAME_hash}): the name of the
 * files in a CA directory ({@code <hash>.0}) and a CRL directory ({@code <hash>.r0}) that
 * {@code ssl_capath}/{@code ssl_crlpath} point at. SHA-1 over the name's canonical encoding (string
 * values as UTF8String, trimmed, inner whitespace collapsed, ASCII lower-cased, RDNs without the
 * outer SEQUENCE), first four bytes read little-endian.
 */
public final class OpenSslHash {
    private OpenSslHash() {
    }

    /** Eight lower-case hex digits, e.g. {@code 9d66eef0}. */
    public static String of(X500Principal name) {
        try {
            byte[] md = MessageDigest.getInstance("SHA-1").digest(canonical(name));
            long h = (md[0] & 0xffL) | (md[1] & 0xffL) << 8 | (md[2] & 0xffL) << 16 | (md[3] & 0xffL) << 24;
            return String.format(Locale.ROOT, "%08x", h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] canonical(X500Principal name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (RDN rdn : X500Name.getInstance(name.getEncoded()).getRDNs()) {
                ASN1EncodableVector entries = new ASN1EncodableVector();
                for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                    Object value = atv.getValue();
                    entries.add(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                        atv.getType(),
                        canonicalizable(value) ? new DERUTF8String(canon(((ASN1String) value).getString())) : atv.getValue()}));
                }
                out.write(new DERSet(entries).getEncoded());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The string types OpenSSL canonicalises ({@code ASN1_MASK_CANON}); others are hashed as they are. */
    private static boolean canonicalizable(Object value) {
        return value instanceof ASN1UTF8String || value instanceof ASN1PrintableString || value instanceof ASN1IA5String
                || value instanceof ASN1T61String || value instanceof ASN1BMPString || value instanceof ASN1UniversalString
                || value instanceof ASN1VisibleString;
    }

    /** OpenSSL's {@code asn1_string_canon}: trim, collapse whitespace runs, lower-case ASCII. */
    private static String canon(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (byte b : utf8) {
            char c = (char) (b & 0xff);
            boolean isSpace = c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
            if (isSpace) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c < 0x80 ? Character.toLowerCase(c) : c);
        }
        return new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
