package org.mpactivation.adapter.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;

class SmtpMailerTest {

    private static final String LOGIN = "mailer";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String CODE = "482913";
    private static final String TEXT = "您的验证码是 " + CODE + "。十分钟内有效。";
    private static final String HTML = "<p>您的验证码是 <b>" + CODE + "</b>。</p>";
    private static final String SUBJECT = "验证您的邮箱 – Marketplace activation";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@example.com", LOGIN, PASSWORD));

    private final RecordingLogger log = new RecordingLogger();

    @Test
    void givenPlainTextMessage_thenUtf8SubjectBodySenderAndRecipientArrive() throws Exception {
        mailer(null, null).send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT));

        MimeMessage received = onlyReceived();
        assertEquals(SUBJECT, received.getSubject());
        assertTrue(received.getContentType().toLowerCase().startsWith("text/plain"), received.getContentType());
        assertTrue(received.getContentType().toLowerCase().contains("charset=utf-8"), received.getContentType());
        assertEquals(TEXT, ((String) received.getContent()).strip());
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertEquals("no-reply@mpactivation.example", from.getAddress());
        assertEquals("市场激活", from.getPersonal());
        InternetAddress to = (InternetAddress) received.getRecipients(Message.RecipientType.TO)[0];
        assertEquals("jane.buyer@example.com", to.getAddress());
        assertTrue(received.getMessageID().endsWith("@mpactivation.example>"), received.getMessageID());
    }

    @Test
    void givenHtmlBody_thenMultipartAlternativeWithTextFirst() throws Exception {
        mailer(null, null).send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT, HTML));

        MimeMessage received = onlyReceived();
        assertTrue(received.getContentType().toLowerCase().startsWith("multipart/alternative"),
                received.getContentType());
        MimeMultipart parts = assertInstanceOf(MimeMultipart.class, received.getContent());
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(parts.getBodyPart(0).getContentType().toLowerCase().contains("charset=utf-8"));
        assertEquals(TEXT, ((String) parts.getBodyPart(0).getContent()).strip());
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        assertTrue(parts.getBodyPart(1).getContentType().toLowerCase().contains("charset=utf-8"));
        assertEquals(HTML, ((String) parts.getBodyPart(1).getContent()).strip());
    }

    @Test
    void givenRightCredentials_thenTheRelayAcceptsTheMessage() throws Exception {
        mailer(LOGIN, PASSWORD).send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT));

        assertEquals(TEXT, ((String) onlyReceived().getContent()).strip());
    }

    @Test
    void givenWrongPassword_thenDeliveryFailsWithoutBodyOrPassword() {
        String wrongPassword = "wrong-" + PASSWORD;
        SmtpMailer mailer = mailer(LOGIN, wrongPassword);

        MailDeliveryException e = assertThrows(MailDeliveryException.class,
                () -> mailer.send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT)));

        assertEquals("smtp did not accept the message for a recipient at example.com", e.getMessage());
        assertTrue(e.getCause() instanceof jakarta.mail.AuthenticationFailedException, String.valueOf(e.getCause()));
        assertEquals(0, SMTP.getReceivedMessages().length);
        assertNothingSecretIn(e.getMessage(), wrongPassword);
        assertNothingSecretIn(log.all(), wrongPassword);
    }

    @Test
    void givenUnreachableServer_thenMailDeliveryExceptionNamesOnlyTransportAndDomain() throws IOException {
        SmtpMailer mailer = new SmtpMailer(new SmtpSettings("127.0.0.1", closedPort(), null, null, false,
                "no-reply@mpactivation.example", null, Duration.ofSeconds(2), Duration.ofSeconds(2)), log.logger());

        MailDeliveryException e = assertThrows(MailDeliveryException.class,
                () -> mailer.send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT, HTML)));

        assertEquals("smtp did not accept the message for a recipient at example.com", e.getMessage());
        assertTrue(e.getCause() instanceof jakarta.mail.MessagingException);
        assertNothingSecretIn(e.getMessage(), PASSWORD);
        assertTrue(log.all().contains("WARN mail not sent transport=smtp to=j***@example.com"), log.all());
    }

    @Test
    void givenStartTlsRequired_andRelayWithoutStartTls_thenNothingIsSentInClear() {
        SmtpMailer mailer = new SmtpMailer(new SmtpSettings(host(), port(), LOGIN, PASSWORD, true,
                "no-reply@mpactivation.example", null), log.logger());

        assertThrows(MailDeliveryException.class,
                () -> mailer.send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT)));
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void givenSentAndFailedMessages_thenLogsHoldMaskedRecipientAndNeverBodyOrPassword() throws IOException {
        mailer(LOGIN, PASSWORD).send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT, HTML));
        SmtpMailer unreachable = new SmtpMailer(new SmtpSettings("127.0.0.1", closedPort(), LOGIN, PASSWORD,
                false, "no-reply@mpactivation.example", null), log.logger());
        assertThrows(MailDeliveryException.class,
                () -> unreachable.send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT, HTML)));

        assertEquals(2, log.lines().size(), log.all());
        assertTrue(log.lines().get(0).startsWith("INFO mail sent transport=smtp to=j***@example.com"), log.all());
        assertTrue(log.lines().get(1).startsWith("WARN mail not sent transport=smtp to=j***@example.com"),
                log.all());
        assertNothingSecretIn(log.all(), PASSWORD);
    }

    @Test
    void givenSettingsWithPassword_thenToStringHidesIt() {
        SmtpSettings settings = new SmtpSettings(host(), port(), LOGIN, PASSWORD, true, "no-reply@example.com", null);

        assertFalse(settings.toString().contains(PASSWORD), settings.toString());
        assertTrue(settings.toString().contains("password=***"), settings.toString());
    }

    @Test
    void givenOnlyUsername_thenSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new SmtpSettings(host(), port(), LOGIN, null, true, "no-reply@example.com", null));
    }

    private SmtpMailer mailer(String login, String password) {
        return new SmtpMailer(new SmtpSettings(host(), port(), login, password, false,
                "no-reply@mpactivation.example", "市场激活"), log.logger());
    }

    private static String host() {
        return SMTP.getSmtp().getBindTo();
    }

    private static int port() {
        return SMTP.getSmtp().getPort();
    }

    private static MimeMessage onlyReceived() {
        assertTrue(SMTP.waitForIncomingEmail(5_000, 1));
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length);
        return received[0];
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertNothingSecretIn(String text, String password) {
        assertFalse(text.contains(CODE), "verification code leaked: " + text);
        assertFalse(text.contains("验证码"), "body leaked: " + text);
        assertFalse(text.contains(password), "password leaked: " + text);
        assertFalse(text.contains("jane.buyer@"), "full recipient leaked: " + text);
    }
}
