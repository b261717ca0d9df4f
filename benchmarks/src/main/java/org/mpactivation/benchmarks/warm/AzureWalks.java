package org.mpactivation.benchmarks.warm;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.mpactivation.azure.signin.BuyerBrowser;

/** What a buyer does on Azure, through the real activation function of an {@link AzureWorld}. */
final class AzureWalks {

    private final AzureWorld world;
    private final StepTimer timer;
    private final RegistrationPages pages;
    private final BuyerBrowser entraPage = new BuyerBrowser();

    AzureWalks(AzureWorld world, StepTimer timer) {
        this.world = world;
        this.timer = timer;
        this.pages = new RegistrationPages(timer, world.mailbox);
    }

    /**
     * The landing page with the portal's token (which resolves the purchase and sends the browser to
     * sign in), the sign-in at Entra (not ours: untimed), our callback, and the redirects to the start page.
     */
    AzureBrowser arrive(AzureWorld.Buyer buyer) {
        AzureBrowser browser = world.browser();
        URI landing = buyer.purchase().landingUrl(URI.create("http://127.0.0.1/azure/landing"));
        Answer landed = timer.time("GET  /azure/landing?token=", () -> browser.get(landing.getRawPath() + "?"
                + landing.getRawQuery())).expect(303, "the landing page");
        Map<String, String> callback = entraPage.signIn(URI.create(landed.location()), buyer.user().objectId());
        timer.time("GET  /azure/signin/callback", () -> browser.get("/azure/signin/callback?code="
                + enc(callback.get("code")) + "&state=" + enc(callback.get("state")))).expect(303, "the callback");
        pages.start(browser);
        return browser;
    }

    /** A new purchase's whole registration, from the landing page to the success page (activate included). */
    void register() {
        pages.register(arrive(world.buy()), world.unique("ada"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
