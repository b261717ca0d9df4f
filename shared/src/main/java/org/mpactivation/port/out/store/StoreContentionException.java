package org.mpactivation.port.out.store;

/** Concurrent writers kept changing an item faster than a bounded retry loop could apply its change. */
public class StoreContentionException extends StoreUnavailableException {

    public StoreContentionException(String message) {
        super(message, null);
    }
}
