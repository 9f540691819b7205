package io.wrenmq.broker.store;

/** The store cannot be opened or used; the message names the file and the cause in words a user can act on. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
