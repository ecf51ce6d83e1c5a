package dev.stampede.engine.postgres;

/**
 * A target URL that cannot be understood. The message is user-facing and never contains the password.
 */
public final class BadUrlException extends IllegalArgumentException {
    public BadUrlException(String message) {
        super(message);
    }
}
