package org.mpactivation.port.out;

import java.util.Objects;

/**
 * The verified sender of a webhook call.
 *
 * @param tenantId      the directory the token was issued in (ours)
 * @param applicationId the calling application (the marketplace's)
 * @param subject       the calling service principal, as the token names it
 */
public record WebhookCaller(String tenantId, String applicationId, String subject) {

    public WebhookCaller {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(subject, "subject");
    }
}
