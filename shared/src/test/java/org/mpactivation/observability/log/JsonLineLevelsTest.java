package org.mpactivation.observability.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** Levels by logger-name prefix, their setting from LOG_LEVELS' format, and their change at run time. */
class JsonLineLevelsTest {

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final PrintStream errorStream = new PrintStream(errors, true, StandardCharsets.UTF_8);

    @Test
    void givenTheDefaults_thenInfoAndTheAwsSdkFromWarn() {
        assertEquals("INFO", LogLevels.DEFAULTS.levelOf("org.mpactivation.web.Router"));
        assertEquals("INFO", LogLevels.DEFAULTS.levelOf(Logger.ROOT_LOGGER_NAME));
        assertEquals("WARN", LogLevels.DEFAULTS.levelOf("software.amazon.awssdk"));
        assertEquals("WARN", LogLevels.DEFAULTS.levelOf("software.amazon.awssdk.http.Client"));
        assertEquals("INFO", LogLevels.DEFAULTS.levelOf("software.amazon.awssdkx.Other"));
    }

    @Test
    void givenNestedPrefixes_thenTheLongestOnADotBoundaryWins() {
        LogLevels levels = LogLevels.root(Level.WARN)
                .with("org.mpactivation", Level.INFO)
                .with("org.mpactivation.app", Level.DEBUG)
                .with("org.mpactivation.application.Registration", Level.ERROR);
        assertEquals("DEBUG", levels.levelOf("org.mpactivation.app"));
        assertEquals("DEBUG", levels.levelOf("org.mpactivation.app.Thing"));
        assertEquals("INFO", levels.levelOf("org.mpactivation.application"), "app is no prefix of application");
        assertEquals("INFO", levels.levelOf("org.mpactivation.application.Other"));
        assertEquals("ERROR", levels.levelOf("org.mpactivation.application.Registration"));
        assertEquals("INFO", levels.levelOf("org.mpactivation.application.RegistrationFlow"));
        assertEquals("WARN", levels.levelOf("org.mpactivationx"));
        assertEquals("WARN", levels.levelOf("org"));
        assertEquals("WARN", levels.levelOf(""));
        assertEquals("WARN", levels.levelOf(".leading.dot"));
        assertEquals("INFO", levels.with("org.mpactivation.app", null).levelOf("org.mpactivation.app.Thing"),
                "a removed level: the parent's");
        assertEquals("WARN", levels.with("ROOT", null).levelOf("x"), "the root keeps its level");
    }

    @Test
    void givenAGoodSpecification_thenItsLevelsOverTheDefaults() {
        LogLevels levels = parse(" warn , org.mpactivation.application=ERROR,org.testcontainers = Warn,"
                + "org.mpactivation.aws=trace,noisy=OFF,");
        assertEquals("WARN", levels.levelOf("anything"));
        assertEquals("ERROR", levels.levelOf("org.mpactivation.application.HourlyMetering"));
        assertEquals("WARN", levels.levelOf("org.testcontainers.DockerClient"));
        assertEquals("TRACE", levels.levelOf("org.mpactivation.aws.Handler"));
        assertEquals("OFF", levels.levelOf("noisy.Thing"));
        assertEquals("WARN", levels.levelOf("software.amazon.awssdk.core"), "a default not overridden stays");
        assertEquals("", errors.toString(StandardCharsets.UTF_8));
        assertEquals(LogLevels.DEFAULTS.with("ROOT", Level.DEBUG), parse("DEBUG"));
        assertEquals(LogLevels.DEFAULTS.with("org.x", Level.ERROR), parse("org.x=ERROR"), "the root stays INFO");
        assertEquals(LogLevels.DEFAULTS, parse(""));
        assertEquals(LogLevels.DEFAULTS, LogLevels.parse(null, LogLevels.DEFAULTS, "test", errorStream));
    }

    @Test
    void givenBadEntries_thenEachIsIgnoredWithOneLineOnStderrAndTheGoodOnesKept() {
        LogLevels levels = parse("LOUD,org.a=DEBUG,=INFO,org.b=,org.c=VERBOSE,ERROR,org.d=INFO=WARN,org e=INFO,"
                + "org.f=WARN");
        String[] lines = errors.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(7, lines.length, errors.toString(StandardCharsets.UTF_8));
        for (String line : lines) {
            assertTrue(line.startsWith("test: ignored the entry \""), line);
        }
        assertTrue(lines[0].contains("\"LOUD\""), lines[0]);
        assertTrue(lines[4].contains("\"ERROR\""), "a bare level is the root's only first: " + lines[4]);
        assertEquals("INFO", levels.levelOf("x"));
        assertEquals("DEBUG", levels.levelOf("org.a.X"));
        assertEquals("WARN", levels.levelOf("org.f.X"));
        assertEquals("INFO", levels.levelOf("org.d.X"));
    }

    @Test
    void givenLevelsChangedAtRunTime_thenLoggersAlreadyMadeFollowAndTheOldLevelsComeBack() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        JsonLoggerFactory factory = new JsonLoggerFactory(LogLevels.DEFAULTS, sink, new JsonLogMdc());
        Logger application = factory.getLogger("org.mpactivation.application.X");
        Logger sdk = factory.getLogger("software.amazon.awssdk.X");
        assertTrue(application.isInfoEnabled());
        assertFalse(application.isDebugEnabled());
        assertFalse(sdk.isInfoEnabled());
        assertTrue(sdk.isWarnEnabled());

        LogLevels previous = factory.level("org.mpactivation", Level.DEBUG);
        assertEquals(LogLevels.DEFAULTS, previous);
        assertTrue(application.isDebugEnabled());
        assertFalse(application.isTraceEnabled());
        factory.levels(LogLevels.root(Level.ERROR));
        assertFalse(application.isWarnEnabled());
        assertTrue(application.isErrorEnabled());
        assertTrue(factory.getLogger("new.one").isErrorEnabled());
        assertFalse(factory.getLogger("new.one").isWarnEnabled());
        application.warn("not written");
        application.error("written");
        assertEquals(1, sink.toString(StandardCharsets.UTF_8).split("\n").length);

        factory.levels(previous);
        assertTrue(application.isInfoEnabled());
        assertFalse(application.isDebugEnabled());
        assertFalse(sdk.isInfoEnabled());
        assertTrue(factory.getLogger("new.one").isInfoEnabled());
    }

    @Test
    void givenLevelOff_thenNothingIsWritten() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        JsonLoggerFactory factory = new JsonLoggerFactory(parse("OFF"), sink, new JsonLogMdc());
        factory.getLogger("x").error("not written");
        assertFalse(factory.getLogger("x").isErrorEnabled());
        assertEquals(0, sink.size());
    }

    private LogLevels parse(String spec) {
        return LogLevels.parse(spec, LogLevels.DEFAULTS, "test", errorStream);
    }
}
