package org.mpactivation.application;

/**
 * Ids of the entities a saga creates, derived from the session and the step (and the form
 * submission), so that a retry after a crash or a double-submitted form addresses the same items.
 */
public final class SagaIds {

    private final SigningKey key;

    public SagaIds(SigningKey key) {
        this.key = key;
    }

    public String id(String sessionId, String step) {
        return key.sign("saga-id", sessionId, step).substring(0, 22);
    }
}
