package org.mpactivation.aws.snapstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpactivation.adapter.security.Argon2PasswordHasher;
import org.mpactivation.aws.ApiGatewayHttp;
import org.mpactivation.aws.HttpApiEvent;
import org.mpactivation.aws.HttpApiEventJson;
import org.mpactivation.aws.HttpApiEvents;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.web.FormState;
import org.mpactivation.web.PageLanguage;
import org.mpactivation.web.PageModel;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.Texts;

/** Primers for what runs inside the process only: the router, the pages, the JSON mapping, password hashing. */
public final class Primers {

    /** The pages the activation function serves. */
    public static final List<String> ACTIVATION_PAGES = List.of("start", "register", "company", "activation", "bind",
            "workspaces", "bindConfirm", "createNew", "createExisting", "done", "activated", "error", "retry");
    /** The pages a function that serves no activation page can still answer with. */
    public static final List<String> ERROR_PAGES = List.of("error", "retry");


    private Primers() {
    }

    /**
     * Requests that read nothing and write nothing through the function's own router: the health check and an
     * unknown path (the error page, in each language), from the event's bytes as Lambda hands them to the
     * answer's bytes, so that the streaming reader and writer are loaded and compiled too.
     */
    public static Primer router(Router router) {
        return new Primer("router", () -> {
            int served = 0;
            for (String[] request : new String[][] {{"/healthz", "en"}, {"/snapstart-priming", "en"},
                    {"/snapstart-priming", "zh"}}) {
                HttpApiEvents.Received event = HttpApiEvents.read(new ByteArrayInputStream(get(request[0],
                        request[1])));
                try {
                    HttpApiEvents.write(ApiGatewayHttp.serve(router, event), new ByteArrayOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                served++;
            }
            return served;
        });
    }

    /** Renders each page in each language into a throwaway buffer. */
    public static Primer pages(List<String> templates) {
        return new Primer("pages", () -> {
            PageRenderer renderer = new PageRenderer();
            SiteCatalog sites = SiteCatalog.defaults();
            int rendered = 0;
            for (PageLanguage language : PageLanguage.values()) {
                PageModel model = new PageModel(new Texts(language), "snapstart-priming", sites.all(),
                        sites.defaultSite().id(), FormState.empty(), null, "AWS");
                for (String template : templates) {
                    renderer.render(template, params(template, model, sites));
                    rendered++;
                }
            }
            return rendered;
        });
    }

    /** The JSON tree model, read and written, as the routes and the SDK interceptors use it. */
    public static Primer json() {
        return new Primer("json", () -> {
            // made when the primer runs (before a snapshot), not when the handler registers it
            ObjectMapper json = new ObjectMapper();
            ObjectNode document = json.createObjectNode();
            document.put("workspaceId", "priming").putArray("records").addObject().put("dimension", "priming")
                    .put("hour", "2024-01-01T00:00:00Z").put("quantity", 1);
            try {
                JsonNode read = json.readTree(json.writeValueAsString(document));
                return read.path("records").size();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("priming JSON unreadable", e);
            }
        });
    }

    /** One Argon2id hash and its check, with the parameters the pages use. */
    public static Primer passwords() {
        return new Primer("passwords", () -> {
            Argon2PasswordHasher hasher = new Argon2PasswordHasher();
            String hash = hasher.hash("snapstart-priming");
            if (!hasher.matches("snapstart-priming", hash)) {
                throw new IllegalStateException("priming hash does not verify");
            }
            return 1;
        });
    }

    private static Map<String, Object> params(String template, PageModel model, SiteCatalog sites) {
        Map<String, Object> params = new HashMap<>();
        params.put("p", model);
        switch (template) {
            case "bind" -> params.put("codePending", false);
            case "workspaces" -> {
                params.put("rows", List.of());
                params.put("canConfirm", false);
            }
            case "bindConfirm" -> params.put("workspace", new Workspace("priming", "Priming", WorkspaceLanguage.EN,
                    sites.defaultSite().id(), "priming", "priming", null, Instant.EPOCH, null, 1));
            case "done" -> params.put("logins", List.of());
            case "activated" -> params.put("sites", sites.all());
            case "error" -> {
                params.put("message", model.t("error.request.notFound"));
                params.put("restart", true);
                params.put("languageLink", "/activate/error");
            }
            case "retry" -> {
                params.put("message", model.t("error.request.notFound"));
                params.put("action", "/activate");
                params.put("fields", Map.of("priming", "priming"));
            }
            default -> {
                // the page model is all it takes
            }
        }
        return params;
    }

    /** A GET as API Gateway sends it, as JSON. */
    private static byte[] get(String path, String language) {
        return HttpApiEventJson.of(new HttpApiEvent("2.0", "$default", path, "", null,
                Map.of("accept-language", language, "host", "localhost"), null,
                new HttpApiEvent.RequestContext("snapstart-priming", "localhost",
                        new HttpApiEvent.Http("GET", path, "HTTP/1.1", "127.0.0.1", "snapstart-priming"), null),
                null, false));
    }
}
