package org.mpactivation.web;

import org.mpactivation.domain.Timestamps;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.mpactivation.application.ApplyAzureOperation;
import org.mpactivation.application.AzureOperationNotice;
import org.mpactivation.application.AzureOperationRefusedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.WebhookAuthenticator;
import org.mpactivation.port.out.WebhookCaller;
import org.mpactivation.port.out.WebhookRejectedException;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection webhook entered in Partner Center: Azure Marketplace POSTs each subscription operation here.
 * The caller is authenticated before anything else (an Entra token for our application, from the marketplace's
 * application, in our tenant); only then is the JSON body read and handed to {@link ApplyAzureOperation}.
 *
 * <p>Answers are short JSON bodies that never carry an exception's text. 2xx accepts an operation in progress;
 * a declined one gets 409 (a 4xx within ten seconds rejects it, beside the PATCH Failure already sent); a call
 * whose operation the marketplace does not confirm gets 404 or 400; a transient failure gets 503 with Retry-After,
 * so that the marketplace delivers it again.
 */
public final class AzureWebhookRoute {

    public static final String PATH = "/azure/webhook";
    private static final Logger LOG = LoggerFactory.getLogger(AzureWebhookRoute.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String RETRY_AFTER_SECONDS = "5";

    private final WebhookAuthenticator authenticator;
    private final ApplyAzureOperation operations;

    public AzureWebhookRoute(WebhookAuthenticator authenticator, ApplyAzureOperation operations) {
        this.authenticator = authenticator;
        this.operations = operations;
    }

    public Router mount(Router router) {
        return router.post(PATH, this::receive);
    }

    private WebResponse receive(WebRequest request, Map<String, String> params) {
        WebhookCaller caller;
        try {
            caller = authenticator.authenticate(request.header("authorization").orElse(null));
        } catch (WebhookRejectedException rejected) {
            return refusal(rejected.reason());
        }
        if (!ContentType.is(request.header("content-type").orElse(null), ContentType.JSON)) {
            return error(415, "send the operation as application/json");
        }
        AzureOperationNotice notice;
        try {
            notice = notice(JSON.readValue(request.body(), AzureWebhookPayload.class));
        } catch (IOException | IllegalArgumentException malformed) {
            LOG.info("azure webhook body refused caller={} error={}", caller.applicationId(),
                    malformed.getClass().getSimpleName());
            return error(400, "the body is not an Azure Marketplace webhook operation");
        }
        try {
            ApplyAzureOperation.Result result = operations.receive(notice);
            return answer(notice, result);
        } catch (AzureOperationRefusedException refused) {
            return refused.reason() == AzureOperationRefusedException.Reason.UNKNOWN_OPERATION
                    ? error(404, "the marketplace does not know this operation")
                    : error(400, "the operation is not the one the call describes");
        } catch (MarketplaceUnavailableException | StoreUnavailableException busy) {
            LOG.warn("azure webhook not handled now operationId={} subscriptionId={} error={}", notice.operationId(),
                    notice.subscriptionId(), busy.getClass().getSimpleName());
            return error(503, "try again later").withHeader("Retry-After", RETRY_AFTER_SECONDS);
        } catch (RuntimeException failed) {
            LOG.error("azure webhook failed operationId={} subscriptionId={} error={}", notice.operationId(),
                    notice.subscriptionId(), failed.getClass().getName(), failed);
            return error(500, "internal error");
        }
    }

    private static AzureOperationNotice notice(AzureWebhookPayload payload) {
        if (payload == null) {
            throw new IllegalArgumentException("empty body");
        }
        return new AzureOperationNotice(payload.id(), payload.subscriptionId(), payload.action(), payload.planId(),
                payload.quantity(), time(payload.timeStamp()));
    }

    /** The sent time is only informative: one that does not parse is left out rather than refused. */
    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (DateTimeParseException unparsed) {
            return null;
        }
    }

    private static WebResponse answer(AzureOperationNotice notice, ApplyAzureOperation.Result result) {
        ObjectNode body = JSON.createObjectNode()
                .put("operationId", notice.operationId())
                .put("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .put("duplicate", result.duplicate());
        int status = result.outcome() == ApplyAzureOperation.Outcome.DECLINED ? 409 : 200;
        return json(status, body);
    }

    /**
     * 401 when the credentials are missing or not a valid token (with the challenge RFC 6750 asks for); 403 when a
     * valid token was issued to someone else; 503 when the keys to check it could not be fetched.
     */
    private static WebResponse refusal(WebhookRejectedException.Reason reason) {
        return switch (reason) {
            case KEYS_UNAVAILABLE -> error(503, "try again later").withHeader("Retry-After", RETRY_AFTER_SECONDS);
            case WRONG_AUDIENCE, WRONG_TENANT, WRONG_APPLICATION, WRONG_ISSUER ->
                    error(403, "the token was not issued to the marketplace for this application");
            case MISSING_CREDENTIALS, NOT_BEARER -> error(401, "a bearer token is required")
                    .withHeader("WWW-Authenticate", "Bearer");
            default -> error(401, "the bearer token is not valid")
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        };
    }

    private static WebResponse error(int status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }

    private static WebResponse json(int status, ObjectNode body) {
        return WebResponse.text(status, "application/json", body.toString());
    }
}
