package org.mpactivation.application;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;
import org.mpactivation.port.out.Mailer;

/** Keeps every message instead of sending it; can be told to refuse messages like a broken relay. */
public final class CapturingMailer implements Mailer {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private final List<EmailMessage> sent = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    @Override
    public void send(EmailMessage message) {
        if (refusing) {
            throw new MailDeliveryException("relay refused the message", null);
        }
        sent.add(message);
    }

    public void refuse(boolean value) {
        refusing = value;
    }

    public List<EmailMessage> sent() {
        return List.copyOf(sent);
    }

    /** The code in the last message to {@code address}. */
    public String lastCodeTo(String address) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            EmailMessage message = sent.get(i);
            if (message.to().equalsIgnoreCase(address)) {
                Matcher matcher = CODE.matcher(message.textBody());
                if (!matcher.find()) {
                    throw new AssertionError("no code in the message to " + address);
                }
                return matcher.group(1);
            }
        }
        throw new AssertionError("no message to " + address);
    }
}
