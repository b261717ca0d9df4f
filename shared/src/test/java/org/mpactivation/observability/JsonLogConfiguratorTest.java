package org.mpactivation.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The programmatic configuration writes what the XML configuration it replaced wrote (kept as a test
 * resource for the comparison), and steps aside where a configuration file is on the class path.
 */
class JsonLogConfiguratorTest {

    @Test
    void givenNoConfigurationFile_thenTheSameJsonLinesAsTheReplacedXmlAndTheSameLevels() throws JoranException {
        LoggerContext programmatic = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY,
                new JsonLogConfigurator(name -> false).configure(programmatic));
        LoggerContext fromXml = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromXml);
        joran.doConfigure(getClass().getResource("/observability/logback-reference.xml"));

        LoggingEvent event = new LoggingEvent(getClass().getName(), programmatic.getLogger("org.mpactivation.x"),
                Level.WARN, "subscription {} changed \"{}\"", null, new Object[] {"sub-1", "ok"});
        event.setMDCPropertyMap(Map.of(RequestContext.REQUEST_ID, "req-1", RequestContext.CLOUD, "aws"));
        event.setTimeStamp(1_700_000_000_123L);

        String line = encoded(programmatic, event);
        assertEquals(encoded(fromXml, event), line);
        assertTrue(line.contains("\"formattedMessage\":\"subscription sub-1 changed \\\"ok\\\"\""), line);
        assertTrue(line.contains("\"request_id\":\"req-1\""), line);
        assertFalse(line.contains("sequenceNumber"), line);
        for (LoggerContext context : new LoggerContext[] {programmatic, fromXml}) {
            assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
            assertEquals(Level.WARN, context.getLogger("software.amazon.awssdk").getLevel());
        }
    }

    @Test
    void givenATestOrFileConfiguration_thenLogbackReadsTheFile() {
        LoggerContext context = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY,
                new JsonLogConfigurator("logback-test.xml"::equals).configure(context));
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new JsonLogConfigurator().configure(context),
                "the tests' class path holds testkit's logback-test.xml");
    }

    private static String encoded(LoggerContext context, LoggingEvent event) {
        OutputStreamAppender<?> appender = (OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender(JsonLogConfigurator.APPENDER);
        @SuppressWarnings("unchecked")
        ch.qos.logback.core.encoder.Encoder<LoggingEvent> encoder =
                (ch.qos.logback.core.encoder.Encoder<LoggingEvent>) appender.getEncoder();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
