package org.mpactivation.port.out;

/**
 * Decides whether a marketplace webhook call comes from the marketplace: the route hands over the call's
 * {@code Authorization} header and acts on the call only when a caller comes back. Implementations check the
 * bearer token the marketplace puts on its webhook calls (for Azure, an Entra-signed JWT).
 */
public interface WebhookAuthenticator {

    /**
     * @param authorizationHeader the value of the call's {@code Authorization} header, {@code null} when absent
     * @return who called, once every check passed
     * @throws WebhookRejectedException when the call is not proven to come from the marketplace; its reason says why
     */
    WebhookCaller authenticate(String authorizationHeader);
}
