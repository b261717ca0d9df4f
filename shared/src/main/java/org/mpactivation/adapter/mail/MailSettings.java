package org.mpactivation.adapter.mail;

import java.util.Map;

/**
 * How this deployment sends e-mail: through an SMTP relay or through Amazon SES. Both carry the
 * sender the buyer sees.
 */
public sealed interface MailSettings permits SmtpSettings, SesSettings {

    /** The bare sender address, for example {@code no-reply@example.com}. */
    String fromAddress();

    /** The sender's display name, or {@code null} for none. */
    String fromName();

    /**
     * Reads the settings from environment variables: {@code MAIL_TRANSPORT} ({@code smtp} or
     * {@code ses}), {@code MAIL_FROM}, {@code MAIL_FROM_NAME}, and the variables of the chosen
     * transport ({@code SMTP_*} or {@code SES_*}).
     *
     * @throws IllegalArgumentException naming the variable that is missing or invalid
     */
    static MailSettings fromEnvironment(Map<String, String> env) {
        return new MailEnvironment(env).settings();
    }
}
