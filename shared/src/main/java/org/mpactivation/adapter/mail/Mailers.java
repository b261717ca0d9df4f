package org.mpactivation.adapter.mail;

import java.util.Map;
import java.util.Objects;
import org.mpactivation.port.out.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Mailer} that the configuration asks for. Plain code, no lookup by name: a
 * function calls it once at cold start.
 */
public final class Mailers {

    private static final Logger LOG = LoggerFactory.getLogger(Mailers.class);

    private Mailers() {
    }

    /**
     * The mailer described by the environment (see {@link MailSettings#fromEnvironment}).
     *
     * @throws IllegalArgumentException naming the variable that is missing or invalid
     */
    public static Mailer fromEnvironment(Map<String, String> env) {
        return create(MailSettings.fromEnvironment(env));
    }

    public static Mailer create(MailSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings instanceof SmtpSettings smtp) {
            LOG.info("mail transport=smtp host={} port={} startTls={} login={}",
                    smtp.host(), smtp.port(), smtp.startTls(), smtp.authenticates());
            return new SmtpMailer(smtp);
        }
        if (settings instanceof SesSettings ses) {
            LOG.info("mail transport=ses region={} endpointOverride={} configurationSet={}",
                    ses.region(), ses.endpoint() != null, ses.configurationSetName());
            return SesMailer.create(ses);
        }
        throw new IllegalArgumentException("unknown mail settings " + settings);
    }
}
