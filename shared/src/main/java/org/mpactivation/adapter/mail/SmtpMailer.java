package org.mpactivation.adapter.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;
import org.mpactivation.port.out.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail through an SMTP relay with Jakarta Mail (Angus). One connection per message: the
 * activation flow sends a handful of mails, and a held connection would not survive between
 * function invocations anyway.
 */
public final class SmtpMailer implements Mailer {

    private static final String TRANSPORT = "smtp";
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final SmtpSettings settings;
    /**
     * The session and the sender's address, made by the first send: a function that sends no mail never loads
     * the mail session's classes nor the MIME encoders the sender's name is encoded with.
     */
    private volatile Transmission transmission;
    private final Logger log;

    public SmtpMailer(SmtpSettings settings) {
        this(settings, LoggerFactory.getLogger(SmtpMailer.class));
    }

    /** Takes the logger so that a test can read every line, whatever the logging backend. */
    SmtpMailer(SmtpSettings settings, Logger log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
    }

    static Properties sessionProperties(SmtpSettings settings) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", TRANSPORT);
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(settings.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(settings.readTimeout().toMillis()));
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.authenticates()));
        // With STARTTLS on, refuse a server that does not offer it rather than fall back to clear
        // text, and check that the certificate names the host.
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        // The Message-ID takes its domain from mail.from; without it Jakarta Mail asks the local
        // host for its name.
        p.setProperty("mail.from", settings.fromAddress());
        return p;
    }

    private static InternetAddress sender(SmtpSettings settings) {
        try {
            return new InternetAddress(settings.fromAddress(), settings.fromName(), UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    @Override
    public void send(EmailMessage message) {
        Objects.requireNonNull(message, "message");
        String recipient = MaskedAddress.of(message.to());
        try {
            MimeMessage mime = compose(message);
            if (settings.authenticates()) {
                Transport.send(mime, settings.username(), settings.password());
            } else {
                Transport.send(mime);
            }
            log.info("mail sent transport={} to={}", TRANSPORT, recipient);
        } catch (MessagingException e) {
            // The exception's own text may quote the server's reply, which can repeat the whole
            // address: log only its kind and the SMTP reply code.
            log.warn("mail not sent transport={} to={} failure={} replyCode={}",
                    TRANSPORT, recipient, e.getClass().getSimpleName(), replyCode(e));
            throw new MailDeliveryException(TRANSPORT + " did not accept the message for a recipient at "
                    + MaskedAddress.domainOf(message.to()), e);
        }
    }

    private MimeMessage compose(EmailMessage message) throws MessagingException {
        Transmission current = transmission();
        MimeMessage mime = new MimeMessage(current.session());
        mime.setFrom(current.from());
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
        mime.setSubject(message.subject(), UTF_8);
        mime.setSentDate(new Date());
        if (message.htmlBody() == null) {
            mime.setText(message.textBody(), UTF_8);
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.textBody(), UTF_8);
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.htmlBody(), UTF_8, "html");
            // Plain text first: multipart/alternative lists the parts from least to most preferred.
            mime.setContent(new MimeMultipart("alternative", text, html));
        }
        return mime;
    }

    private Transmission transmission() {
        Transmission current = transmission;
        if (current == null) {
            synchronized (this) {
                current = transmission;
                if (current == null) {
                    current = new Transmission(Session.getInstance(sessionProperties(settings)), sender(settings));
                    transmission = current;
                }
            }
        }
        return current;
    }

    private record Transmission(Session session, InternetAddress from) {
    }

    /** The SMTP reply code of the first rejection in the chain, or -1 when there was none. */
    private static int replyCode(MessagingException e) {
        for (Exception next = e; next != null;
                next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (next instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (next instanceof SMTPSenderFailedException f) {
                return f.getReturnCode();
            }
        }
        return -1;
    }
}
