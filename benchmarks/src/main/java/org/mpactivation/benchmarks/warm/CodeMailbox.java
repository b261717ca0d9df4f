package org.mpactivation.benchmarks.warm;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.Mailer;

/** The mailer of the walks: keeps only the last code sent to each address, so a long run does not grow. */
final class CodeMailbox implements Mailer, RegistrationPages.Codes {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private final Map<String, String> codes = new HashMap<>();

    @Override
    public synchronized void send(EmailMessage message) {
        Matcher matcher = CODE.matcher(message.textBody());
        if (matcher.find()) {
            codes.put(message.to().toLowerCase(java.util.Locale.ROOT), matcher.group(1));
        }
    }

    /** The last code sent to the address, taken out of the box. */
    @Override
    public synchronized String takeCode(String address) {
        String code = codes.remove(address.toLowerCase(java.util.Locale.ROOT));
        if (code == null) {
            throw new IllegalStateException("no code was sent to " + address);
        }
        return code;
    }
}
