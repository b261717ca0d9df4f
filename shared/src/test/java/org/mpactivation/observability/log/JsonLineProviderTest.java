package org.mpactivation.observability.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/** SLF4J binds to this provider, the only one on the class path; the lines go where JsonLog says. */
class JsonLineProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenTheClassPath_thenSlf4jUsesOurFactoryAndMdc() {
        assertSame(JsonLog.factory(), LoggerFactory.getILoggerFactory(),
                "exactly one SLF4J provider on the class path, ours");
        assertTrue(LoggerFactory.getLogger("x") instanceof JsonLogger);
        assertSame(LoggerFactory.getLogger("x"), LoggerFactory.getLogger("x"), "one logger per name");
        MDC.put("probe", "1");
        try {
            assertEquals("1", JsonLog.factory().mdc().get("probe"));
        } finally {
            MDC.remove("probe");
        }
    }

    @Test
    void givenTheTestsLevelProperty_thenTheTestLevelsAreInForce() {
        String property = System.getProperty(JsonLog.LEVELS_PROPERTY);
        if (property != null) {
            assertEquals(LogLevels.parse(property, LogLevels.DEFAULTS, "test", System.err), JsonLog.levels());
        }
    }

    @Test
    void givenNoSink_thenTheLinesGoToTheSystemOutOfTheMoment() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LogLevels levels = JsonLog.setLevel("org.mpactivation.probe", Level.INFO);
        java.io.OutputStream sink = JsonLog.setSink(null);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LoggerFactory.getLogger("org.mpactivation.probe.X").info("to {}", "stdout");
        } finally {
            System.setOut(original);
            JsonLog.setSink(sink);
            JsonLog.setLevels(levels);
        }
        JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("to stdout", line.get("formattedMessage").asText());
    }

    @Test
    void givenALogCapture_thenOurDebugLinesAndOthersInfoUntilClosed() throws Exception {
        LogLevels before = JsonLog.levels();
        java.io.OutputStream sinkBefore = JsonLog.sink();
        try (LogCapture capture = LogCapture.start()) {
            LoggerFactory.getLogger("org.mpactivation.probe.X").debug("ours");
            LoggerFactory.getLogger("other.Library").debug("not theirs");
            LoggerFactory.getLogger("other.Library").info("theirs");
            LoggerFactory.getLogger("software.amazon.awssdk.Y").info("the sdk's");
            System.out.println("printed");
            assertEquals(3, capture.loggedLines().size(), capture.allLines().toString());
            assertEquals("ours", JSON.readTree(capture.loggedLines().get(0)).get("message").asText());
            assertEquals("DEBUG", JSON.readTree(capture.loggedLines().get(0)).get("level").asText());
            assertEquals(java.util.List.of("printed"), capture.printedLines());
        }
        assertEquals(before, JsonLog.levels());
        assertSame(sinkBefore, JsonLog.sink());
    }
}
