package org.mpactivation.local.simulator;

import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import org.mpactivation.simulator.entra.TokenForm;

/**
 * Where the simulated marketplace posts its webhooks and whom its Entra tokens name: the publisher's
 * "Connection webhook", the publisher's tenant ({@code tid}) and application ({@code aud}), and the token form.
 * The URL is a supplier because a local server learns its own port only once it has bound it.
 *
 * @param url           the absolute webhook URL, e.g. {@code http://localhost:8080/azure/webhook}
 * @param tenantId      the publisher's Entra tenant, as our webhook verifier is configured
 * @param applicationId our application (client) id, the tokens' audience
 * @param form          the access-token form (v1: {@code appid}, v2: {@code azp})
 */
public record AzureWebhookTarget(Supplier<URI> url, String tenantId, String applicationId, TokenForm form) {

    public AzureWebhookTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(form, "form");
        if (tenantId == null || tenantId.isBlank() || applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("the publisher's tenant and application ids are required");
        }
    }

    /** v1 tokens, as the marketplace's webhook calls carry them by default. */
    public AzureWebhookTarget(Supplier<URI> url, String tenantId, String applicationId) {
        this(url, tenantId, applicationId, TokenForm.V1);
    }
}
