package org.mpactivation.application;

/**
 * What the buyer's browser holds: the session id and the browser's own secret, signed. Only the
 * hash of the browser secret is stored, so a leaked store does not let anyone act as the browser.
 */
public record SessionCredentials(String sessionId, String browserSecret) {
}
