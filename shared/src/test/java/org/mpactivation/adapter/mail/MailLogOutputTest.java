package org.mpactivation.adapter.mail;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;

/**
 * The mailers as production builds them, with their real loggers: what the logging backend writes
 * (captured with the production JSON encoder, and whatever reaches standard output and error) must not
 * hold the body. {@link SmtpMailerTest} and {@link SesMailerTest} check every level through a recording
 * logger; this checks the wiring.
 */
class MailLogOutputTest {

    private static final String CODE = "915372";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void givenProductionLoggers_thenPrintedLinesHoldMaskedRecipientButNoBody() throws IOException {
        EmailMessage message = new EmailMessage("jane.buyer@example.com", "Your code",
                "Your code is " + CODE, "<p>Your code is <b>" + CODE + "</b></p>");
        SmtpMailer reachable = new SmtpMailer(new SmtpSettings(SMTP.getSmtp().getBindTo(), SMTP.getSmtp().getPort(),
                null, null, false, "no-reply@mpactivation.example", null));
        SmtpMailer unreachable = new SmtpMailer(new SmtpSettings("127.0.0.1", closedPort(), null, null, false,
                "no-reply@mpactivation.example", null));

        String printed;
        try (LogCapture capture = LogCapture.start()) {
            reachable.send(message);
            assertThrows(MailDeliveryException.class, () -> unreachable.send(message));
            printed = String.join("\n", capture.allLines());
        }

        String ours = Arrays.stream(printed.split("\\R"))
                .filter(line -> line.contains(SmtpMailer.class.getName()))
                .collect(Collectors.joining("\n"));
        assertTrue(ours.contains("mail sent transport=smtp to=j***@example.com"), printed);
        assertTrue(ours.contains("mail not sent transport=smtp to=j***@example.com"), printed);
        assertFalse(ours.contains("jane.buyer@"), printed);
        assertFalse(printed.contains(CODE), printed);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
