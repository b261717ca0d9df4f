package org.mpactivation.adapter.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailersTest {

    private static final String PASSWORD = "pa55-w0rd-not-for-logs";

    @Test
    void givenSmtpWithOnlyRequiredVariables_thenDefaultsArePort587AndStartTls() {
        SmtpSettings smtp = assertInstanceOf(SmtpSettings.class, MailSettings.fromEnvironment(Map.of(
                "MAIL_TRANSPORT", "smtp", "MAIL_FROM", "no-reply@example.com", "SMTP_HOST", "smtp.example.com")));

        assertEquals("smtp.example.com", smtp.host());
        assertEquals(587, smtp.port());
        assertTrue(smtp.startTls());
        assertNull(smtp.username());
        assertNull(smtp.password());
        assertEquals("no-reply@example.com", smtp.fromAddress());
        assertNull(smtp.fromName());
        assertEquals(Duration.ofSeconds(10), smtp.connectTimeout());
        assertEquals(Duration.ofSeconds(10), smtp.readTimeout());
    }

    @Test
    void givenFullSmtpEnvironment_thenEveryVariableIsRead() {
        SmtpSettings smtp = assertInstanceOf(SmtpSettings.class, MailSettings.fromEnvironment(smtpEnv()));

        assertEquals(2525, smtp.port());
        assertFalse(smtp.startTls());
        assertEquals("mailer", smtp.username());
        assertEquals(PASSWORD, smtp.password());
        assertEquals("Marketplace Activation", smtp.fromName());
    }

    @Test
    void givenSmtpEnvironment_thenMailersBuildsAnSmtpMailer() {
        assertInstanceOf(SmtpMailer.class, Mailers.fromEnvironment(smtpEnv()));
    }

    @Test
    void givenSesWithOwnRegion_thenSesSettingsAndAnSesMailer() {
        Map<String, String> env = Map.of("MAIL_TRANSPORT", "SES", "MAIL_FROM", "no-reply@example.com",
                "SES_REGION", "eu-central-1", "AWS_REGION", "us-east-1",
                "SES_ENDPOINT", "http://127.0.0.1:4566", "SES_CONFIGURATION_SET", "activation-events");

        SesSettings ses = assertInstanceOf(SesSettings.class, MailSettings.fromEnvironment(env));

        assertEquals("eu-central-1", ses.region());
        assertEquals(URI.create("http://127.0.0.1:4566"), ses.endpoint());
        assertEquals("activation-events", ses.configurationSetName());
        assertInstanceOf(SesMailer.class, Mailers.fromEnvironment(env));
    }

    @Test
    void givenSesWithoutSesRegion_thenTheFunctionRegionIsUsed() {
        SesSettings ses = assertInstanceOf(SesSettings.class, MailSettings.fromEnvironment(Map.of(
                "MAIL_TRANSPORT", "ses", "MAIL_FROM", "no-reply@example.com", "AWS_REGION", "ap-southeast-2")));

        assertEquals("ap-southeast-2", ses.region());
        assertNull(ses.endpoint());
        assertNull(ses.configurationSetName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no MAIL_TRANSPORT            | MAIL_TRANSPORT= | MAIL_TRANSPORT",
        "unknown MAIL_TRANSPORT       | MAIL_TRANSPORT=sendmail | MAIL_TRANSPORT",
        "no MAIL_FROM                 | MAIL_FROM= | MAIL_FROM",
        "MAIL_FROM not an address     | MAIL_FROM=no-reply | MAIL_FROM",
        "MAIL_FROM with display name  | MAIL_FROM=Shop <no-reply@example.com> | MAIL_FROM",
        "no SMTP_HOST                 | SMTP_HOST= | SMTP_HOST",
        "SMTP_PORT not a number       | SMTP_PORT=smtp | SMTP_PORT",
        "SMTP_PORT out of range       | SMTP_PORT=70000 | SMTP_PORT",
        "SMTP_STARTTLS not a boolean  | SMTP_STARTTLS=yes | SMTP_STARTTLS",
        "username without password    | SMTP_PASSWORD= | SMTP_PASSWORD",
        "password without username    | SMTP_USERNAME= | SMTP_USERNAME",
    })
    void givenBadSmtpVariable_thenTheErrorNamesIt(String why, String assignment, String variable) {
        Map<String, String> env = smtpEnv();
        String[] kv = assignment.split("=", 2);
        env.put(kv[0], kv[1]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailSettings.fromEnvironment(env));

        assertTrue(e.getMessage().startsWith(variable + " "), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no region at all               | SES_REGION= | SES_REGION",
        "SES_REGION not a region        | SES_REGION=Europe | SES_REGION",
        "SES_ENDPOINT not a URL         | SES_ENDPOINT=::not a url | SES_ENDPOINT",
        "SES_ENDPOINT not http          | SES_ENDPOINT=ftp://127.0.0.1 | SES_ENDPOINT",
        "SES_CONFIGURATION_SET bad name | SES_CONFIGURATION_SET=has spaces | SES_CONFIGURATION_SET",
    })
    void givenBadSesVariable_thenTheErrorNamesIt(String why, String assignment, String variable) {
        Map<String, String> env = new HashMap<>(Map.of("MAIL_TRANSPORT", "ses", "MAIL_FROM", "no-reply@example.com",
                "SES_REGION", "eu-west-1"));
        String[] kv = assignment.split("=", 2);
        env.put(kv[0], kv[1]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailSettings.fromEnvironment(env));

        assertTrue(e.getMessage().startsWith(variable + " "), e.getMessage());
    }

    @Test
    void givenPasswordThatIsNotOtherwiseValid_thenNoErrorEverRepeatsIt() {
        Map<String, String> env = smtpEnv();
        env.put("SMTP_PORT", PASSWORD);
        env.put("MAIL_FROM", PASSWORD);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailSettings.fromEnvironment(env));

        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    private static Map<String, String> smtpEnv() {
        return new HashMap<>(Map.of(
                "MAIL_TRANSPORT", "smtp",
                "MAIL_FROM", "no-reply@example.com",
                "MAIL_FROM_NAME", "Marketplace Activation",
                "SMTP_HOST", "smtp.example.com",
                "SMTP_PORT", "2525",
                "SMTP_USERNAME", "mailer",
                "SMTP_PASSWORD", PASSWORD,
                "SMTP_STARTTLS", "false"));
    }
}
