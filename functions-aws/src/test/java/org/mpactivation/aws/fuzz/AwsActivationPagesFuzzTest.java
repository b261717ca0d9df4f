package org.mpactivation.aws.fuzz;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * Every step under {@code /activate}, GET and POST, through the real ActivationHandler: without a
 * session, with a forged cookie, and with real sessions at each stage (just arrived, registered up to
 * the activation step, activated), each with the page's own CSRF token and submission id most of the
 * time and the forms' fields mostly valid, each value now and then hostile (huge, any script,
 * bidirectional controls, percent garbage); now and then a cross-site Origin, another content type or a
 * busy store. Properties: 2xx/3xx/4xx only (503 with Retry-After only while the store is busy), no
 * exception in a body, a readable message with every 4xx, and a refused request changes nothing
 * (except the attempt counter of an e-mail code that was tried, which counts wrong codes by design).
 */
class AwsActivationPagesFuzzTest {

    private static final List<String> GETS = List.of("/activate", "/activate/start", "/activate/register",
            "/activate/register/company", "/activate/register/workspace", "/activate/bind", "/activate/workspaces",
            "/activate/workspaces/new/existing", "/activate/workspaces/new/account", "/activate/done",
            "/activate/resume", "/activate/assets/app.css", "/healthz");

    private final AwsFuzzWorld world = new AwsFuzzWorld();
    private FuzzRun run;
    private final List<Map<String, String>> activatedCookies = new ArrayList<>();
    private final List<String> workspaceIds = new ArrayList<>();

    @Test
    void everyActivationStepIsAnsweredSafelyAndARefusalStoresNothing() {
        for (int i = 0; i < 4; i++) {
            activatedCookies.add(Map.copyOf(world.activated(world.unique("done")).cookies()));
        }
        world.snapshot().keySet().stream().filter(k -> k.startsWith("WS#") && k.endsWith("|META"))
                .forEach(k -> workspaceIds.add(k.substring(3, k.indexOf('|'))));
        run = FuzzRun.of("AWS activation pages", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) {
        LambdaClient browser = switch (random.nextInt(6)) {
            case 0 -> world.browser();
            case 1 -> world.arrived();
            case 2, 3 -> world.registered(world.unique("fz"));
            case 4 -> world.browser().withCookies(activatedCookies.get(random.nextInt(activatedCookies.size())));
            default -> forgedCookie(random);
        };
        boolean post = random.nextInt(3) != 0;
        String path = post ? postPath(random) : getPath(random);
        Map<String, String> fields = new LinkedHashMap<>();
        if (post && random.nextInt(8) != 0) {
            fields.putAll(browser.hiddenFieldsOf(pageOf(path)));
            if (fields.containsKey("_csrf") && random.nextInt(8) == 0) {
                fields.put("_csrf", HostileText.mutate(random, fields.get("_csrf")));
            }
        }
        if (post) {
            fields.putAll(formFor(path, random));
        }
        Map<String, String> headers = new HashMap<>();
        if (post) {
            headers.put("content-type", random.nextInt(15) == 0 ? HostileText.any(random)
                    : "application/x-www-form-urlencoded");
        }
        if (random.nextInt(8) == 0) {
            headers.put("origin", HostileText.mostly(random, 2, "https://evil.example", "null",
                    "http://activation.example.com"));
        }
        if (random.nextInt(10) == 0) {
            path = path + "?" + HostileText.mostly(random, 2, "lang=zh", "lang=en", "t=" + HostileText.any(random));
        }
        String body = post ? (random.nextInt(25) == 0 ? HostileText.any(random) : LambdaClient.encode(fields)) : null;
        boolean busy = random.nextInt(25) == 0;
        String method = post ? "POST" : random.nextInt(30) == 0 ? "DELETE" : "GET";
        String context = AwsFuzzWorld.describe(method, path, fields) + " busy=" + busy;

        boolean codeTried = fields.containsKey("code");
        var before = world.snapshotWithout(key -> codeTried && key.startsWith("CODE#"));
        if (busy) {
            world.store.busy(random.nextBoolean() ? FaultyItemStore.Fault.TIMEOUT : FaultyItemStore.Fault.THROTTLED);
        }
        APIGatewayV2HTTPResponse response;
        try {
            response = browser.send(method, path, headers, body);
        } finally {
            world.store.busy(null);
        }
        run.count(Integer.toString(response.getStatusCode()));
        AwsFuzzWorld.checkAnswer(response, busy, context);
        if (AwsFuzzWorld.refused(response)) {
            Snapshots.assertUnchanged(before, world.snapshotWithout(key -> codeTried && key.startsWith("CODE#")), response.getStatusCode() + " " + context);
        }
    }

    private LambdaClient forgedCookie(Random random) {
        Map<String, String> real = activatedCookies.get(random.nextInt(activatedCookies.size()));
        Map<String, String> forged = new HashMap<>();
        real.forEach((name, value) -> forged.put(name, random.nextBoolean() ? HostileText.mutate(random, value)
                : HostileText.percentGarbage(random)));
        return world.browser().withCookies(forged);
    }

    private String getPath(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "/activate/workspaces/" + workspaceId(random) + "/bind";
            case 1 -> "/activate/" + HostileText.percentGarbage(random);
            default -> GETS.get(random.nextInt(GETS.size()));
        };
    }

    private String postPath(Random random) {
        return switch (random.nextInt(11)) {
            case 0 -> "/activate/register/company";
            case 1 -> "/activate/register/workspace";
            case 2 -> "/activate/bind";
            case 3 -> "/activate/site";
            case 4 -> "/activate/workspaces/" + workspaceId(random) + "/bind";
            case 5 -> "/activate/workspaces/new/existing";
            case 6 -> "/activate/workspaces/new/account";
            case 7 -> "/activate/complete";
            case 8 -> random.nextBoolean() ? "/activate/" + HostileText.percentGarbage(random) : "/activate/done";
            default -> "/activate/register";
        };
    }

    /** The page whose form posts to {@code path}. */
    private static String pageOf(String path) {
        return switch (path) {
            case "/activate/complete", "/activate/site" -> "/activate/workspaces";
            default -> path;
        };
    }

    private String workspaceId(Random random) {
        return workspaceIds.isEmpty() || random.nextInt(4) == 0 ? HostileText.mostly(random, 2, "ws-0001")
                : workspaceIds.get(random.nextInt(workspaceIds.size()));
    }

    private Map<String, String> formFor(String path, Random random) {
        Map<String, String> fields = new LinkedHashMap<>();
        String name = world.unique("u");
        String email = name + "@example.com";
        switch (path) {
            case "/activate/register" -> {
                fields.put("action", HostileText.mostly(random, 6, "send-code", "next", "language"));
                fields.put("username", name);
                fields.put("password", AwsFuzzWorld.PASSWORD);
                fields.put("passwordConfirmation", AwsFuzzWorld.PASSWORD);
                fields.put("email", email);
                fields.put("code", String.format("%06d", random.nextInt(1_000_000)));
                fields.put("phone", "+86 138 0000 0000");
            }
            case "/activate/register/company" -> {
                fields.put("companyName", "Acme 有限公司");
                fields.put("contactName", "Li Lei");
                fields.put("country", "China");
                fields.put("address", "1 Example Road");
            }
            case "/activate/register/workspace" -> {
                fields.put("workspaceName", "WS " + name);
                fields.put("language", HostileText.mostly(random, 5, "en", "zh"));
                fields.put("site", HostileText.mostly(random, 5, "us-oregon"));
            }
            case "/activate/bind" -> {
                fields.put("action", HostileText.mostly(random, 6, "send-code", "bind"));
                fields.put("username", name);
                fields.put("code", String.format("%06d", random.nextInt(1_000_000)));
            }
            case "/activate/site" -> fields.put("site", HostileText.mostly(random, 4, "us-oregon"));
            case "/activate/workspaces/new/existing", "/activate/workspaces/new/account" -> {
                fields.put("action", HostileText.mostly(random, 6, "send-code", "create"));
                fields.put("workspaceName", "WS " + name);
                fields.put("language", HostileText.mostly(random, 5, "en", "zh"));
                fields.put("email", email);
                fields.put("code", String.format("%06d", random.nextInt(1_000_000)));
                fields.put("terms", HostileText.mostly(random, 5, "on"));
                if (path.endsWith("account")) {
                    fields.put("username", name);
                    fields.put("password", AwsFuzzWorld.PASSWORD);
                    fields.put("passwordConfirmation", AwsFuzzWorld.PASSWORD);
                }
            }
            default -> { }
        }
        // each value hostile now and then, a field dropped or a stray one added
        for (String field : List.copyOf(fields.keySet())) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                fields.put(field, HostileText.any(random));
            } else if (roll == 1) {
                fields.put(field, HostileText.mutate(random, fields.get(field)));
            } else if (roll == 2 && random.nextBoolean()) {
                fields.remove(field);
            }
        }
        if (random.nextInt(6) == 0) {
            fields.put(HostileText.mostly(random, 2, "_lang", "submissionId", "action"), HostileText.any(random));
        }
        return fields;
    }
}
