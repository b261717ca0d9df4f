package org.mpactivation.aws.notify;

import org.mpactivation.config.StartupWarmup;
import org.mpactivation.aws.LambdaInvocations;
import org.mpactivation.application.CountedNotices;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.HttpApiEvent;
import org.mpactivation.aws.HttpApiEvents;
import org.mpactivation.aws.snapstart.AwsConnections;
import org.mpactivation.aws.snapstart.HandlerPriming;
import org.mpactivation.aws.snapstart.PrimedFunction;
import org.mpactivation.aws.snapstart.RenewableHttpClient;
import org.mpactivation.aws.snapstart.SnapStartFunctions;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.web.ContentType;
import org.mpactivation.web.Transport;
import org.mpactivation.web.WebResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.messagemanager.sns.SnsMessageManager;
import software.amazon.awssdk.messagemanager.sns.model.SnsMessage;
import software.amazon.awssdk.messagemanager.sns.model.SnsNotification;
import software.amazon.awssdk.messagemanager.sns.model.SnsSubscriptionConfirmation;
import software.amazon.awssdk.regions.Region;

/**
 * Receives AWS Marketplace SNS messages that SNS posts to an HTTPS endpoint directly (HTTP API or
 * function URL, payload 2.0). Nothing is believed before {@link SnsMessageManager} has checked the
 * signature (SignatureVersion 1 or 2, certificate fetched from the regional SNS host only) and the
 * topic is on the allow-list. Then a subscription confirmation is confirmed, a notification is
 * parsed and handed to the receiver, an unsubscribe confirmation is logged.
 *
 * <p>Reads the event from Lambda's bytes and writes its answer with {@link HttpApiEvents}, as the other HTTP
 * functions do. Answers: 400 for an event that is not an HTTP request (or not readable at all), 415 for a body of another media type than
 * SNS sends (nothing read), 403 for anything
 * unverified or from another topic (nothing applied, nothing visited),
 * 400 for a verified message we cannot read, 500 when the receiver or the certificate fetch failed
 * (SNS retries on 5xx, not on 4xx), 200 otherwise.
 */
public final class SnsEndpointHandler implements RequestStreamHandler {

    static {
        // JDK work the first request needs, started on a spare core while the handler builds itself
        StartupWarmup.begin();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnsEndpointHandler.class);

    private final SnsMessageManager verifier;
    private final AwsNoticeParser parser;
    private final NoticeReceiver receiver;
    private final SubscriptionConfirmer confirmer;
    private final Metrics metrics;
    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public SnsEndpointHandler() {
        this(System.getenv(), new RenewableHttpClient(SnsEndpointHandler::httpClient));
    }

    /** The certificate fetches' HTTP client is renewed after a SnapStart restore too. */
    private SnsEndpointHandler(Map<String, String> env, RenewableHttpClient http) {
        this(AwsNoticeParser.fromEnvironment(env), SnapStartFunctions.notices(env, AwsConnections.lambda(),
                List.of(http::renew)), http);
    }

    private SnsEndpointHandler(AwsNoticeParser parser, PrimedFunction<NoticeReceiver> function, SdkHttpClient http) {
        this(verifier(parser.topics(), http), parser, function.target(), new HttpSubscriptionConfirmer(http),
                AwsFunctions.metrics(), function.priming().register());
    }

    public SnsEndpointHandler(SnsMessageManager verifier, AwsNoticeParser parser, NoticeReceiver receiver,
                              SubscriptionConfirmer confirmer) {
        this(verifier, parser, receiver, confirmer, Metrics.NONE);
    }

    /** @param metrics counts the notices by outcome, and the requests' latency */
    public SnsEndpointHandler(SnsMessageManager verifier, AwsNoticeParser parser, NoticeReceiver receiver,
                              SubscriptionConfirmer confirmer, Metrics metrics) {
        this(verifier, parser, receiver, confirmer, metrics, null);
    }

    private SnsEndpointHandler(SnsMessageManager verifier, AwsNoticeParser parser, NoticeReceiver receiver,
                               SubscriptionConfirmer confirmer, Metrics metrics, HandlerPriming priming) {
        this.priming = priming;
        this.verifier = verifier;
        this.parser = parser;
        this.receiver = new CountedNotices(receiver, metrics, Cloud.AWS);
        this.confirmer = confirmer;
        this.metrics = metrics;
    }

    /**
     * The signature checker for the topics' region. {@code certificateHttp} fetches the signing
     * certificates and must verify TLS: the manager does not check the certificate's chain.
     */
    public static SnsMessageManager verifier(NotificationTopics topics, SdkHttpClient certificateHttp) {
        return SnsMessageManager.builder()
                .region(Region.of(topics.region()))
                .httpClient(new SigningCertificateClient(certificateHttp))
                .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpApiEvent event = HttpApiEvents.read(input).event();
        HttpApiEvents.write(Invocations.run(LambdaInvocations.requestId(event, context), "sns", Cloud.AWS, "POST",
                metrics, () -> handleVerified(event), response -> Invocations.outcomeOf(response.status())), output);
    }

    /** @param event null where the invocation's bytes were no readable event */
    private WebResponse handleVerified(HttpApiEvent event) {
        if (event == null || event.requestContext() == null || event.requestContext().http() == null) {
            // not an HTTP event from API Gateway or a function URL: nothing in it is read
            return respond(400, "bad request");
        }
        if (!sentAsSnsDoes(event.headers())) {
            return respond(415, "send the SNS message as text/plain (or application/json)");
        }
        String body = bodyOf(event);
        if (body == null) {
            return respond(403, "forbidden");
        }
        SnsMessage message;
        try {
            message = verifier.parseMessage(body);
        } catch (RuntimeException rejected) {
            if (SigningCertificateClient.SigningCertificateUnavailableException.isCauseOf(rejected)) {
                LOG.warn("SNS signing certificate unavailable, asking SNS to retry");
                return respond(500, "try again");
            }
            LOG.warn("SNS message rejected: {}", reasonOf(rejected));
            return respond(403, "forbidden");
        }
        if (!parser.topics().allows(message.topicArn())) {
            LOG.warn("signed SNS message from a topic off the allow-list messageId={}", message.messageId());
            return respond(403, "forbidden");
        }
        if (message instanceof SnsSubscriptionConfirmation confirmation) {
            return confirm(confirmation);
        }
        if (message instanceof SnsNotification notification) {
            return deliver(notification);
        }
        LOG.info("SNS unsubscribe confirmation received messageId={} type={}", message.messageId(), message.type());
        return respond(200, "ok");
    }

    private WebResponse confirm(SnsSubscriptionConfirmation confirmation) {
        URI subscribeUrl = confirmation.subscribeUrl();
        // Signed by SNS, so this is SNS's own URL; still, never visit anything but the host that signed it.
        if (subscribeUrl == null || !"https".equals(subscribeUrl.getScheme())
                || !confirmation.signingCertUrl().getHost().equals(subscribeUrl.getHost())) {
            LOG.warn("SNS subscription confirmation with an unexpected SubscribeURL messageId={}",
                    confirmation.messageId());
            return respond(400, "bad request");
        }
        try {
            confirmer.confirm(subscribeUrl);
        } catch (RuntimeException failed) {
            LOG.warn("SNS subscription confirmation failed messageId={} error={}", confirmation.messageId(),
                    failed.getClass().getSimpleName());
            return respond(500, "try again");
        }
        LOG.info("SNS subscription confirmed messageId={}", confirmation.messageId());
        return respond(200, "ok");
    }

    private WebResponse deliver(SnsNotification notification) {
        ParsedNotice parsed;
        try {
            parsed = parser.parseSnsNotification(notification.messageId(), notification.topicArn(),
                    notification.timestamp(), notification.message());
        } catch (MalformedNoticeException malformed) {
            LOG.warn("malformed SNS notification messageId={} problem={}", notification.messageId(),
                    malformed.getMessage());
            return respond(400, "bad request");
        }
        if (parsed instanceof ParsedNotice.Accepted accepted) {
            try {
                NoticeReceiver.Outcome outcome = receiver.receive(accepted.notice());
                LOG.info("notice received noticeId={} action={} outcome={}", accepted.notice().noticeId(),
                        accepted.notice().action(), outcome);
            } catch (RuntimeException notApplied) {
                LOG.warn("notice not applied, SNS will retry noticeId={}", accepted.notice().noticeId(), notApplied);
                return respond(500, "try again");
            }
        }
        return respond(200, "ok");
    }

    /**
     * SNS posts {@code text/plain; charset=UTF-8}, or the type a subscription's delivery policy names
     * ({@code headerContentType}); of those, only the two that can carry the JSON message are taken.
     */
    private static boolean sentAsSnsDoes(Map<String, String> headers) {
        String contentType = null;
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if ("content-type".equalsIgnoreCase(header.getKey())) {
                    contentType = header.getValue();
                }
            }
        }
        return ContentType.is(contentType, ContentType.PLAIN_TEXT) || ContentType.is(contentType, ContentType.JSON);
    }

    /** The manager's own reason, except where a JSON parser would quote the posted text back. */
    private static String reasonOf(RuntimeException rejected) {
        for (Throwable t = rejected; t != null; t = t.getCause()) {
            if (t.getClass().getName().contains(".jackson.")) {
                return "body is not JSON";
            }
        }
        return rejected.getMessage();
    }

    private static String bodyOf(HttpApiEvent event) {
        if (event == null || event.body() == null || event.body().isBlank()) {
            return null;
        }
        if (!event.isBase64Encoded()) {
            return event.body();
        }
        try {
            return new String(Base64.getDecoder().decode(event.body()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static WebResponse respond(int status, String text) {
        // served only by API Gateway or a function URL, which are HTTPS-only
        return new WebResponse(status, Map.of("content-type", "text/plain; charset=utf-8", "cache-control",
                "no-store", "x-content-type-options", "nosniff", "strict-transport-security",
                Transport.STRICT_TRANSPORT_SECURITY), List.of(), text);
    }

    /** Verifies TLS with the JVM's trust store, which is what makes the fetched certificate trustworthy. */
    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }
}
