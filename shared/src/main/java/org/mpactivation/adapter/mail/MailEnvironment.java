package org.mpactivation.adapter.mail;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Reads {@link MailSettings} from environment variables; every error names its variable. */
final class MailEnvironment {

    static final String TRANSPORT = "MAIL_TRANSPORT";
    static final String FROM = "MAIL_FROM";
    static final String FROM_NAME = "MAIL_FROM_NAME";
    static final String SMTP_HOST = "SMTP_HOST";
    static final String SMTP_PORT = "SMTP_PORT";
    static final String SMTP_USERNAME = "SMTP_USERNAME";
    static final String SMTP_PASSWORD = "SMTP_PASSWORD";
    static final String SMTP_STARTTLS = "SMTP_STARTTLS";
    static final String SES_REGION = "SES_REGION";
    static final String AWS_REGION = "AWS_REGION";
    static final String SES_ENDPOINT = "SES_ENDPOINT";
    static final String SES_CONFIGURATION_SET = "SES_CONFIGURATION_SET";

    private final Map<String, String> env;

    MailEnvironment(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    MailSettings settings() {
        String transport = required(TRANSPORT).toLowerCase(Locale.ROOT);
        String from = read(FROM, true, SettingRules::senderAddress);
        String fromName = read(FROM_NAME, false, SettingRules::displayName);
        return switch (transport) {
            case "smtp" -> smtp(from, fromName);
            case "ses" -> ses(from, fromName);
            default -> throw new IllegalArgumentException(TRANSPORT + " must be smtp or ses");
        };
    }

    private SmtpSettings smtp(String from, String fromName) {
        String host = read(SMTP_HOST, true, SettingRules::host);
        Integer port = read(SMTP_PORT, false, SettingRules::port);
        String username = value(SMTP_USERNAME);
        // The password is taken as it is: it may begin or end with spaces, and it is never checked
        // by a rule that could echo it.
        String password = env.get(SMTP_PASSWORD);
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException(SMTP_PASSWORD + " is required when " + SMTP_USERNAME + " is set");
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException(SMTP_USERNAME + " is required when " + SMTP_PASSWORD + " is set");
        }
        Boolean startTls = read(SMTP_STARTTLS, false, SettingRules::flag);
        return new SmtpSettings(host, port == null ? SmtpSettings.DEFAULT_PORT : port, username, password,
                startTls == null || startTls, from, fromName);
    }

    private SesSettings ses(String from, String fromName) {
        String regionVariable = value(SES_REGION) != null ? SES_REGION : AWS_REGION;
        if (value(regionVariable) == null) {
            throw new IllegalArgumentException(SES_REGION + " (or " + AWS_REGION + ") is required when "
                    + TRANSPORT + " is ses");
        }
        String region = read(regionVariable, true, SettingRules::region);
        var endpoint = read(SES_ENDPOINT, false, SettingRules::endpoint);
        String configurationSet = read(SES_CONFIGURATION_SET, false, SettingRules::configurationSetName);
        return new SesSettings(region, endpoint, from, fromName, configurationSet);
    }

    private String value(String variable) {
        return SettingRules.blankToNull(env.get(variable));
    }

    private String required(String variable) {
        String value = value(variable);
        if (value == null) {
            throw new IllegalArgumentException(variable + " is required");
        }
        return value;
    }

    /** Applies a rule to a variable, or gives {@code null} for an absent optional one. */
    private <T> T read(String variable, boolean required, Function<String, T> rule) {
        String value = required ? required(variable) : value(variable);
        if (value == null) {
            return null;
        }
        try {
            return rule.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " " + e.getMessage(), e);
        }
    }
}
