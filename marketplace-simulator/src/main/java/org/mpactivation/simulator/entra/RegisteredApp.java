package org.mpactivation.simulator.entra;

import java.util.List;
import java.util.Objects;

/**
 * An application registration: its client id, its client secret and the redirect URIs sign-in may return to.
 * Every registration is multi-tenant: users of any tenant known to the provider may sign in to it.
 */
public record RegisteredApp(String clientId, String clientSecret, List<String> redirectUris) {

    public RegisteredApp {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (clientId.isBlank() || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("a client id and a secret are required");
        }
        redirectUris = List.copyOf(redirectUris);
    }

    /** Redirect URIs must match a registered one exactly, as Entra compares them. */
    boolean allowsRedirect(String redirectUri) {
        return redirectUri != null && redirectUris.contains(redirectUri);
    }
}
