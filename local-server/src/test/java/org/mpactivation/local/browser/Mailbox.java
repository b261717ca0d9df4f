package org.mpactivation.local.browser;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The test SMTP server the local server sends its e-mail to; each code is read from the message received. */
public final class Mailbox implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");
    private final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    public Mailbox() {
        mail.start();
    }

    /** The settings that make the local server send by SMTP to this mailbox. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("MAIL_TRANSPORT", "smtp");
        env.put("MAIL_FROM", "activation@example.com");
        env.put("MAIL_FROM_NAME", "Billing Center");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
        env.put("SMTP_STARTTLS", "false");
        return env;
    }

    /** How many messages this address has received. */
    public int count(String address) {
        return messagesTo(address).length;
    }

    /** The verification code in the first message to {@code address} after the first {@code seen}. */
    public String awaitCode(String address, int seen) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] messages = messagesTo(address);
            if (messages.length > seen) {
                String text = text(messages[seen]);
                Matcher code = CODE.matcher(text);
                if (!code.find()) {
                    throw new AssertionError("no code in the e-mail to " + address + ":\n" + text);
                }
                return code.group(1);
            }
            mail.waitForIncomingEmail(500, mail.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no new e-mail to " + address + " (had " + seen + ")");
    }

    /** The subject and the plain text of the newest message to {@code address}. */
    public String lastMessage(String address) {
        MimeMessage[] messages = messagesTo(address);
        if (messages.length == 0) {
            throw new AssertionError("no e-mail to " + address);
        }
        return text(messages[messages.length - 1]);
    }

    private MimeMessage[] messagesTo(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(to -> to.toString().contains(address));
            } catch (MessagingException e) {
                return false;
            }
        }).toArray(MimeMessage[]::new);
    }

    private static String text(MimeMessage message) {
        try {
            return message.getSubject() + "\n" + textOf(message.getContent());
        } catch (MessagingException | IOException e) {
            throw new AssertionError("cannot read an e-mail", e);
        }
    }

    private static String textOf(Object content) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                text.append(textOf(part.getContent())).append('\n');
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    @Override
    public void close() {
        mail.stop();
    }
}
