package org.mpactivation.local.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one webhook body to the publisher as Azure Marketplace does: over HTTP, JSON, with a fresh bearer
 * token the Entra stand-in signs for the publisher's application. One attempt per call: the marketplace's
 * redeliveries are the page's "Redeliver" button, so a person sees each of them.
 */
final class AzureWebhookSender {

    /** The marketplace waits this long for an answer before it treats the call as unanswered. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final int KEPT_ANSWER_CHARS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AzureWebhookSender.class);

    /**
     * What the publisher answered.
     *
     * @param status  the HTTP status, or 0 when no answer came
     * @param excerpt the start of the answer's body, or why no answer came
     */
    record Answer(int status, String excerpt) {

        boolean success() {
            return status >= 200 && status < 300;
        }

        boolean refusal() {
            return status >= 400 && status < 500;
        }
    }

    private final EntraSimulator entra;
    private final AzureWebhookTarget target;
    private final HttpClient http;

    AzureWebhookSender(EntraSimulator entra, AzureWebhookTarget target) {
        this.entra = Objects.requireNonNull(entra, "entra");
        this.target = Objects.requireNonNull(target, "target");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    AzureWebhookTarget target() {
        return target;
    }

    Answer post(byte[] body) {
        String token = entra.marketplaceWebhookToken(target.applicationId(), target.tenantId(), target.form());
        URI url = target.url().get();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body() == null ? "" : response.body();
            return new Answer(response.statusCode(),
                    text.length() <= KEPT_ANSWER_CHARS ? text : text.substring(0, KEPT_ANSWER_CHARS) + "\u2026");
        } catch (HttpTimeoutException timeout) {
            return new Answer(0, "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (IOException unreachable) {
            LOG.info("webhook post failed url={} error={}", url, unreachable.getClass().getSimpleName());
            return new Answer(0, "no answer: " + unreachable.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted before an answer came");
        }
    }
}
