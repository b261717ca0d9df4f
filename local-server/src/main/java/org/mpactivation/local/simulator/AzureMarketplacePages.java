package org.mpactivation.local.simulator;

import java.util.Map;
import java.util.Objects;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebResponse;

/**
 * {@code GET /simulator/azure}: says what the Azure Marketplace simulator will offer (landing page with
 * {@code ?token=}, webhooks with Entra-style tokens, a metering view) once the Azure functions exist. It
 * simulates nothing yet, so it offers nothing to press.
 */
public final class AzureMarketplacePages {

    public static final String BASE = "/simulator/azure";

    private final PageRenderer renderer;

    public AzureMarketplacePages(PageRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    public Router mount(Router router) {
        SimulatorStylesheet.mount(router);
        return router.get(BASE, (request, params) ->
                WebResponse.html(200, renderer.render("local/simulator/azure", Map.of())));
    }
}
