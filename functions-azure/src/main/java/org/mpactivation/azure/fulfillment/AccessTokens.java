package org.mpactivation.azure.fulfillment;

/** Bearer tokens for the marketplace APIs. Implementations are thread-safe. */
public interface AccessTokens {

    /** A token valid for a while yet; fetched only when the cached one is missing or about to expire. */
    String token();

    /** Forgets the cached token, e.g. after the API refused it. */
    void invalidate();

    /** Fetches a token in the background if none is cached that {@link #token} would use; never fails. */
    default void prepare() {
    }
}
