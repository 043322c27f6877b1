package io.marketpipe.schemas.envelope;

/** The bytes are not a well-formed envelope record. */
public final class EnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;

    public EnvelopeException(String message) {
        super(message);
    }
}
