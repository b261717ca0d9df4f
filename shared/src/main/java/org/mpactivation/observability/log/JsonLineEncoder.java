package org.mpactivation.observability.log;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.helpers.MessageFormatter;

/**
 * One log event as one JSON line, with the fields, in the order, of logback's {@code JsonEncoder} as this
 * service configured it (no sequence number, nanoseconds, context or argument array; the formatted message):
 * <pre>
 * {"timestamp":1796300684240,"level":"INFO","threadName":"main","loggerName":"org.mpactivation.X",
 *  "mdc":{"request_id":"abc"},"message":"request {}","formattedMessage":"request 42","throwable":null}
 * </pre>
 * (on one line). A throwable is written as logback writes it: className, message, stepArray (className,
 * methodName, fileName, lineNumber of each frame), commonFramesCount (the frames a cause shares with the
 * throwable it caused, left out of its stepArray), cause, suppressed; a throwable met again in its own
 * chain is written {@code "cyclic":"true"} without frames. Missing texts are written {@code "null"}, as
 * logback writes them.
 */
final class JsonLineEncoder {

    /** Causes and suppressed throwables nested deeper than this are left out. */
    static final int MAX_DEPTH = 32;

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLineEncoder() {
    }

    /** The encoded line, newline included, read in place. */
    static final class Buffer extends ByteArrayOutputStream {

        Buffer() {
            super(512);
        }

        byte[] bytes() {
            return buf;
        }
    }

    static Buffer encode(long timestamp, String level, String threadName, String loggerName,
            Map<String, String> mdc, String message, Object[] arguments, Throwable throwable) throws IOException {
        Buffer buffer = new Buffer();
        try (JsonGenerator json = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("timestamp", timestamp);
            json.writeStringField("level", level);
            json.writeStringField("threadName", text(threadName));
            json.writeStringField("loggerName", text(loggerName));
            json.writeObjectFieldStart("mdc");
            if (mdc != null) {
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    json.writeStringField(entry.getKey(), text(entry.getValue()));
                }
            }
            json.writeEndObject();
            json.writeStringField("message", text(message));
            json.writeStringField("formattedMessage",
                    text(arguments == null ? message : MessageFormatter.basicArrayFormat(message, arguments)));
            json.writeFieldName("throwable");
            if (throwable == null) {
                json.writeNull();
            } else {
                Map<Throwable, Boolean> seen = new IdentityHashMap<>();
                seen.put(throwable, Boolean.TRUE);
                throwable(json, throwable, null, seen, 0);
            }
            json.writeEndObject();
            json.writeRaw('\n');
        }
        return buffer;
    }

    private static void throwable(JsonGenerator json, Throwable throwable, StackTraceElement[] enclosing,
            Map<Throwable, Boolean> seen, int depth) throws IOException {
        json.writeStartObject();
        json.writeStringField("className", throwable.getClass().getName());
        json.writeStringField("message", text(throwable.getMessage()));
        StackTraceElement[] frames = throwable.getStackTrace();
        int common = commonFrames(frames, enclosing);
        json.writeArrayFieldStart("stepArray");
        for (int i = 0; i < frames.length - common; i++) {
            StackTraceElement frame = frames[i];
            json.writeStartObject();
            json.writeStringField("className", text(frame.getClassName()));
            json.writeStringField("methodName", text(frame.getMethodName()));
            json.writeStringField("fileName", text(frame.getFileName()));
            json.writeNumberField("lineNumber", frame.getLineNumber());
            json.writeEndObject();
        }
        json.writeEndArray();
        if (common != 0) {
            json.writeNumberField("commonFramesCount", common);
        }
        if (depth < MAX_DEPTH) {
            Throwable cause = throwable.getCause();
            if (cause != null) {
                json.writeFieldName("cause");
                nested(json, cause, frames, seen, depth + 1);
            }
            Throwable[] suppressed = throwable.getSuppressed();
            if (suppressed.length > 0) {
                json.writeArrayFieldStart("suppressed");
                for (Throwable each : suppressed) {
                    nested(json, each, frames, seen, depth + 1);
                }
                json.writeEndArray();
            }
        }
        json.writeEndObject();
    }

    private static void nested(JsonGenerator json, Throwable throwable, StackTraceElement[] enclosing,
            Map<Throwable, Boolean> seen, int depth) throws IOException {
        if (seen.put(throwable, Boolean.TRUE) == null) {
            throwable(json, throwable, enclosing, seen, depth);
            return;
        }
        json.writeStartObject();
        json.writeStringField("className", throwable.getClass().getName());
        json.writeStringField("message", text(throwable.getMessage()));
        json.writeStringField("cyclic", "true");
        json.writeArrayFieldStart("stepArray");
        json.writeEndArray();
        json.writeEndObject();
    }

    /** How many frames, counted from the outermost, {@code frames} shares with the enclosing trace. */
    private static int commonFrames(StackTraceElement[] frames, StackTraceElement[] enclosing) {
        if (enclosing == null) {
            return 0;
        }
        int count = 0;
        for (int i = frames.length - 1, j = enclosing.length - 1; i >= 0 && j >= 0; i--, j--) {
            if (!frames[i].equals(enclosing[j])) {
                break;
            }
            count++;
        }
        return count;
    }

    private static String text(String value) {
        return value == null ? "null" : value;
    }
}
