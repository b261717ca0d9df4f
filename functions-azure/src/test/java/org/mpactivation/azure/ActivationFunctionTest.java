package org.mpactivation.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.web.ErrorPageRenderer;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebResponse;

class ActivationFunctionTest {

    private static final String APP = "https://mp-activation.azurewebsites.net";

    private final ActivationFunction function = new ActivationFunction(router());

    /** The router's error pages and health check, as the graph builds them (without a store behind). */
    private static Router router() {
        Router router = new Router(new ErrorPageRenderer(new PageRenderer(), SiteCatalog.defaults(), "Azure"));
        return router.get("/healthz", (request, params) -> WebResponse.text(200, "text/plain; charset=utf-8", "ok"));
    }

    @Test
    void givenHealthz_thenTheRouterAnswersOk() {
        FakeHttpRequest.Response response = (FakeHttpRequest.Response)
                function.run(FakeHttpRequest.get(APP + "/healthz"), new FakeContext());

        assertEquals(200, response.getStatusCode());
        assertEquals("ok", response.getBody());
        assertEquals("text/plain; charset=utf-8", response.getHeader("Content-Type"));
        assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
        assertEquals("no-store", response.getHeader("Cache-Control"));
    }

    @Test
    void givenAnUnknownPath_thenTheSharedErrorPageAnswers404() {
        FakeHttpRequest.Response response = (FakeHttpRequest.Response)
                function.run(FakeHttpRequest.get(APP + "/no-such-page"), new FakeContext());

        assertEquals(404, response.getStatusCode());
        assertTrue(response.getHeader("Content-Type").startsWith("text/html"));
        assertTrue(response.getHeader("Content-Security-Policy").contains("default-src 'none'"));
        assertTrue(((String) response.getBody()).contains("<html"));
    }

    @Test
    void givenPostToAGetOnlyPath_thenMethodNotAllowed() {
        FakeHttpRequest.Response response = (FakeHttpRequest.Response)
                function.run(FakeHttpRequest.post(APP + "/healthz", ""), new FakeContext());

        assertEquals(405, response.getStatusCode());
    }

    @Test
    void givenARouterFromTheTestConstructor_thenRequestsReachItTranslated() {
        Router router = new Router((status, key) -> WebResponse.text(status, "text/plain", key))
                .post("/echo/{name}", (request, params) -> WebResponse.text(201, "text/plain",
                        params.get("name") + ":" + request.cookie("s").orElse("-") + ":" + request.bodyText()));
        ActivationFunction echo = new ActivationFunction(router);

        FakeHttpRequest.Response response = (FakeHttpRequest.Response) echo.run(
                FakeHttpRequest.post(APP + "/echo/buyer", "plan=gold").header("Cookie", "s=42"), new FakeContext());

        assertEquals(201, response.getStatusCode());
        assertEquals("buyer:42:plan=gold", response.getBody());
    }

    @Test
    void givenTheNoArgConstructorWithoutSettings_thenEveryAnswerIs503AndNamesNothing() {
        FakeHttpRequest.Response response = (FakeHttpRequest.Response)
                new ActivationFunction().run(FakeHttpRequest.get(APP + "/healthz"), new FakeContext());

        assertEquals(503, response.getStatusCode(), "the settings are named in the log, not to the caller");
        assertEquals("Service not configured", response.getBody());
        IllegalStateException named = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                AzureHost::graph);
        assertTrue(named.getMessage().contains("TABLE_NAME"), named.getMessage());
        assertTrue(named.getMessage().contains("SESSION_SECRET"), named.getMessage());
    }

    private static final class FakeContext implements ExecutionContext {
        @Override
        public Logger getLogger() {
            return Logger.getLogger("activation");
        }

        @Override
        public String getInvocationId() {
            return "test-invocation";
        }

        @Override
        public String getFunctionName() {
            return "activation";
        }
    }
}
