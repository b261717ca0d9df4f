package org.mpactivation.local.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core (the npm package the build installs) run in the page: injected through WebDriver, which the
 * pages' Content-Security-Policy does not govern, then {@code axe.run()} on the whole document.
 */
public final class Axe {

    /** The impacts a page must not have. */
    public static final Set<String> BLOCKING = Set.of("serious", "critical");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String source;

    /** One rule broken on one page: its id, impact, help text and the elements (CSS selector and HTML). */
    public record Violation(String page, String rule, String impact, String help, List<String> elements) {
        @Override
        public String toString() {
            return rule + " (" + impact + ") on " + page + ": " + help + "\n      " + String.join("\n      ", elements);
        }
    }

    private Axe() {
    }

    static synchronized String script() {
        if (source == null) {
            Path file = Path.of(System.getProperty("axe.script", "../node_modules/axe-core/axe.min.js"));
            if (!Files.isReadable(file)) {
                throw new AssertionError("axe-core is missing at " + file.toAbsolutePath()
                        + ": the build installs it with npm (package.json devDependencies)");
            }
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    /** Every violation axe finds in the page the browser shows. */
    public static List<Violation> run(JavascriptExecutor page, String pageName) {
        page.executeScript(script());
        Object answer = page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(result => done(JSON.stringify({passes: result.passes.length, violations: result.violations})))"
                + ".catch(error => done('axe failed: ' + error));");
        String json = String.valueOf(answer);
        if (!json.startsWith("{")) {
            throw new AssertionError(json + " on " + pageName);
        }
        List<Violation> violations = new ArrayList<>();
        try {
            JsonNode result = JSON.readTree(json);
            if (result.path("passes").asInt() == 0) {
                throw new AssertionError("axe checked nothing on " + pageName + ": " + json);
            }
            for (JsonNode rule : result.path("violations")) {
                List<String> elements = new ArrayList<>();
                for (JsonNode node : rule.path("nodes")) {
                    elements.add(node.path("target").toString() + " " + node.path("html").asText());
                }
                violations.add(new Violation(pageName, rule.path("id").asText(), rule.path("impact").asText(),
                        rule.path("help").asText(), elements));
            }
        } catch (IOException e) {
            throw new AssertionError("axe answered no JSON: " + json, e);
        }
        return violations;
    }
}
