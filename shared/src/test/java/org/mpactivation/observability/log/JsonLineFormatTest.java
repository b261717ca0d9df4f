package org.mpactivation.observability.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** The lines, parsed back: logback's JsonEncoder fields in its order, the MDC, escaping, throwables. */
class JsonLineFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final JsonLogMdc mdc = new JsonLogMdc();
    private final JsonLoggerFactory factory = new JsonLoggerFactory(LogLevels.root(Level.TRACE), sink, mdc);

    @Test
    void givenAMessageWithArguments_thenLogbacksFieldsInLogbacksOrder() throws IOException {
        mdc.put("request_id", "abc");
        mdc.put("function", "activation");
        long before = System.currentTimeMillis();
        factory.getLogger("org.mpactivation.observability.Invocations").info("request {} of {}", 42, "x");
        long after = System.currentTimeMillis();
        mdc.clear();

        String raw = sink.toString(StandardCharsets.UTF_8);
        assertTrue(raw.endsWith("}\n"), raw);
        assertEquals(1, raw.split("\n").length, raw);
        JsonNode line = JSON.readTree(raw);
        assertEquals(List.of("timestamp", "level", "threadName", "loggerName", "mdc", "message", "formattedMessage",
                "throwable"), fieldNames(line));
        assertTrue(line.get("timestamp").isIntegralNumber());
        long timestamp = line.get("timestamp").asLong();
        assertTrue(timestamp >= before && timestamp <= after, raw);
        assertEquals("INFO", line.get("level").asText());
        assertEquals(Thread.currentThread().getName(), line.get("threadName").asText());
        assertEquals("org.mpactivation.observability.Invocations", line.get("loggerName").asText());
        assertEquals(List.of("request_id", "function"), fieldNames(line.get("mdc")));
        assertEquals("abc", line.get("mdc").get("request_id").asText());
        assertEquals("activation", line.get("mdc").get("function").asText());
        assertEquals("request {} of {}", line.get("message").asText());
        assertEquals("request 42 of x", line.get("formattedMessage").asText());
        assertTrue(line.get("throwable").isNull());
    }

    @Test
    void givenNoMdcAndNoArguments_thenAnEmptyMdcAndTheMessageAsItIs() throws IOException {
        Logger logger = factory.getLogger("x");
        logger.warn("plain {}");
        logger.error(null);
        List<JsonNode> lines = lines();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).get("mdc").isObject() && lines.get(0).get("mdc").isEmpty());
        assertEquals("WARN", lines.get(0).get("level").asText());
        assertEquals("plain {}", lines.get(0).get("formattedMessage").asText());
        assertEquals("ERROR", lines.get(1).get("level").asText());
        assertEquals("null", lines.get(1).get("message").asText(), "as logback writes a missing message");
        assertEquals("null", lines.get(1).get("formattedMessage").asText());
    }

    @Test
    void givenQuotesNewlinesControlCharactersAndUnicode_thenEscapedAndReadBackUnchanged() throws IOException {
        String tricky = "say \"hi\"\\ \n\r\t end \u0001\u001f é € 😀 \u2028 </script>";
        mdc.put("k\"ey", "va\nlue");
        factory.getLogger("x").info("{}", tricky);
        mdc.clear();

        String raw = sink.toString(StandardCharsets.UTF_8);
        assertEquals(1, raw.split("\n").length, "one line whatever the message holds: " + raw);
        assertFalse(raw.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no raw control character: " + raw);
        JsonNode line = JSON.readTree(raw);
        assertEquals(tricky, line.get("formattedMessage").asText());
        assertEquals("va\nlue", line.get("mdc").get("k\"ey").asText());
    }

    @Test
    void givenAThrowableWithACause_thenLogbacksThrowableObject() throws IOException {
        IllegalStateException cause = new IllegalStateException("root \"cause\"");
        RuntimeException thrown = new RuntimeException("outer", cause);
        thrown.addSuppressed(new IOException("closing"));
        factory.getLogger("x").error("failed for {}", "sub-1", thrown);

        JsonNode line = lines().get(0);
        assertEquals("failed for sub-1", line.get("formattedMessage").asText(), "the throwable is no argument");
        JsonNode throwable = line.get("throwable");
        assertEquals(List.of("className", "message", "stepArray", "cause", "suppressed"), fieldNames(throwable));
        assertEquals("java.lang.RuntimeException", throwable.get("className").asText());
        assertEquals("outer", throwable.get("message").asText());
        assertEquals(thrown.getStackTrace().length, throwable.get("stepArray").size());
        JsonNode frame = throwable.get("stepArray").get(0);
        assertEquals(List.of("className", "methodName", "fileName", "lineNumber"), fieldNames(frame));
        assertEquals(getClass().getName(), frame.get("className").asText());
        assertEquals("givenAThrowableWithACause_thenLogbacksThrowableObject", frame.get("methodName").asText());
        assertEquals("JsonLineFormatTest.java", frame.get("fileName").asText());
        assertEquals(thrown.getStackTrace()[0].getLineNumber(), frame.get("lineNumber").asInt());

        JsonNode causeNode = throwable.get("cause");
        assertEquals(List.of("className", "message", "stepArray", "commonFramesCount"), fieldNames(causeNode));
        assertEquals("java.lang.IllegalStateException", causeNode.get("className").asText());
        assertEquals("root \"cause\"", causeNode.get("message").asText());
        int common = causeNode.get("commonFramesCount").asInt();
        assertEquals(cause.getStackTrace().length - 1, common, "all but the line that made it");
        assertEquals(1, causeNode.get("stepArray").size());
        JsonNode suppressed = throwable.get("suppressed");
        assertEquals(1, suppressed.size());
        assertEquals("java.io.IOException", suppressed.get(0).get("className").asText());
        assertEquals("closing", suppressed.get(0).get("message").asText());
    }

    @Test
    void givenACyclicCauseChain_thenTheRepeatedThrowableIsMarkedCyclic() throws IOException {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        factory.getLogger("x").error("cycle", second);

        JsonNode cyclic = lines().get(0).get("throwable").get("cause").get("cause");
        assertEquals(List.of("className", "message", "cyclic", "stepArray"), fieldNames(cyclic));
        assertEquals("second", cyclic.get("message").asText());
        assertEquals("true", cyclic.get("cyclic").asText());
        assertEquals(0, cyclic.get("stepArray").size());
    }

    @Test
    void givenAVeryDeepCauseChain_thenTheDepthIsBoundedAndNoMessageIsMissing() throws IOException {
        Throwable deepest = new RuntimeException("level 0");
        for (int i = 1; i < 200; i++) {
            deepest = new RuntimeException("level " + i, deepest);
        }
        factory.getLogger("x").error("deep", deepest);

        JsonNode node = lines().get(0).get("throwable");
        int depth = 0;
        while (node.has("cause")) {
            node = node.get("cause");
            depth++;
        }
        assertEquals(JsonLineEncoder.MAX_DEPTH, depth);
        assertEquals("level " + (199 - JsonLineEncoder.MAX_DEPTH), node.get("message").asText());
    }

    @Test
    void givenAThrowableWithoutMessage_thenNullAsLogbackWritesIt() throws IOException {
        factory.getLogger("x").warn("no message", new IllegalArgumentException());
        assertEquals("null", lines().get(0).get("throwable").get("message").asText());
    }

    @Test
    void givenAnArgumentWhoseToStringFails_thenTheLineIsStillWritten() throws IOException {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        java.io.PrintStream err = System.err;
        ByteArrayOutputStream reported = new ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(reported, true, StandardCharsets.UTF_8));
        try {
            factory.getLogger("x").info("value {}", broken);
        } finally {
            System.setErr(err);
        }
        assertTrue(reported.toString(StandardCharsets.UTF_8).contains("Failed toString()"), "SLF4J reports it");
        assertTrue(lines().get(0).get("formattedMessage").asText().startsWith("value [FAILED toString()]"));
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : sink.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
