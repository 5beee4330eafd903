package io.jgr.recovery;

import java.io.IOException;

/** The encrypted credential files cannot be read, written or decrypted; the text never carries a secret. */
public final class CredentialStoreException extends IOException {
    public CredentialStoreException(String message) {
        super(message);
    }

    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
