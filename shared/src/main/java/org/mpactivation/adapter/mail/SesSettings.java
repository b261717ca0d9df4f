package org.mpactivation.adapter.mail;

import java.net.URI;

/**
 * Amazon SES (API v2). Credentials come from the default provider chain (the function's role),
 * never from these settings.
 *
 * @param endpoint an endpoint override (a local SES stand-in), or {@code null} for the region's own
 * @param configurationSetName the configuration set that records sending events, or {@code null}
 */
public record SesSettings(
        String region,
        URI endpoint,
        String fromAddress,
        String fromName,
        String configurationSetName) implements MailSettings {

    public SesSettings {
        region = SettingRules.region(region);
        endpoint = SettingRules.endpoint(endpoint);
        fromAddress = SettingRules.senderAddress(fromAddress);
        fromName = SettingRules.displayName(fromName);
        configurationSetName = SettingRules.configurationSetName(configurationSetName);
    }
}
