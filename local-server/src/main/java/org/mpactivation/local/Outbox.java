package org.mpactivation.local;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.Mailer;

/**
 * The local mailer: every e-mail goes to the outbox page and the console, none leaves the machine.
 * Keeps the latest messages in memory (a restart empties it; codes expire in minutes anyway).
 */
public final class Outbox implements Mailer {

    static final int KEPT = 200;
    private final List<Sent> messages = new ArrayList<>();
    private final PrintStream console;
    private final Clock clock;

    public Outbox(PrintStream console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    /** One e-mail as sent. */
    public record Sent(Instant at, EmailMessage message) {
    }

    @Override
    public synchronized void send(EmailMessage message) {
        messages.add(0, new Sent(clock.instant(), message));
        if (messages.size() > KEPT) {
            messages.remove(messages.size() - 1);
        }
        console.println("[outbox] to " + message.to() + ": " + message.subject() + "\n"
                + message.textBody().strip().indent(8));
    }

    /** Newest first. */
    public synchronized List<Sent> messages() {
        return List.copyOf(messages);
    }
}
