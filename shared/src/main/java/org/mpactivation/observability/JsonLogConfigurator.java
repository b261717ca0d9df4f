package org.mpactivation.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.Predicate;

/**
 * The logging configuration of every runtime (Lambda, Azure Functions, the local server), in code: one JSON
 * object per line on standard output, which CloudWatch Logs, Application Insights and a terminal all read,
 * without parsing an XML file at the first log line of a cold start. The request's context (request_id,
 * function, cloud, subscription; method, route, status, outcome, latency_ms on the closing line) comes
 * from the MDC. The message's arguments are not written separately: the formatted message holds them, and
 * nothing secret is ever passed to a logger.
 *
 * <p>Where a configuration file is given ({@code logback.configurationFile}, or a {@code logback-test.xml}
 * or {@code logback.xml} on the class path, as in the tests) this steps aside and logback reads the file.
 * Registered through {@code META-INF/services}, the only configurator the artifacts register there: it carries no
 * {@code @ConfiguratorRank}, whose reading costs logback an annotation proxy at every cold start, because a rank
 * orders service configurators only among themselves (logback's own come after them whatever their rank).
 */
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    static final String APPENDER = "JSON";

    private final Predicate<String> resourcePresent;

    public JsonLogConfigurator() {
        this(name -> JsonLogConfigurator.class.getClassLoader().getResource(name) != null);
    }

    /** @param resourcePresent whether the class path holds a resource of that name */
    JsonLogConfigurator(Predicate<String> resourcePresent) {
        this.resourcePresent = resourcePresent;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || resourcePresent.test("logback-test.xml")
                || resourcePresent.test("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
