package org.mpactivation.adapter.mail;

import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;
import org.mpactivation.port.out.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/** Sends mail through Amazon SES API v2 ({@code SendEmail} with simple, UTF-8 content). */
public final class SesMailer implements Mailer {

    private static final String TRANSPORT = "ses";
    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    // Bounds the whole call, retries included, so that a slow SES cannot eat a function's time.
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final SesV2Client client;
    private final String fromHeader;
    private final String configurationSetName;
    private final Logger log;

    /** Sends through the given client (which the caller owns and closes). */
    public SesMailer(SesV2Client client, SesSettings settings) {
        this(client, settings, LoggerFactory.getLogger(SesMailer.class));
    }

    /** Takes the logger so that a test can read every line, whatever the logging backend. */
    SesMailer(SesV2Client client, SesSettings settings, Logger log) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        this.fromHeader = fromHeader(settings);
        this.configurationSetName = settings.configurationSetName();
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Builds the SES client once (call it at cold start): the URL-connection HTTP client, the
     * settings' region and endpoint override, and the default credentials chain.
     */
    public static SesMailer create(SesSettings settings) {
        return new SesMailer(newClient(settings), settings);
    }

    /**
     * Sends through a client on the given credentials and HTTP client (which the caller owns): a Lambda
     * function renews both after a SnapStart restore.
     */
    public static SesMailer create(SesSettings settings, AwsCredentialsProvider credentials, SdkHttpClient http) {
        return new SesMailer(client(settings, credentials, http), settings);
    }

    /** The SES client {@link #create(SesSettings, AwsCredentialsProvider, SdkHttpClient)} sends through. */
    public static SesV2Client client(SesSettings settings, AwsCredentialsProvider credentials, SdkHttpClient http) {
        return configured(SesV2Client.builder().httpClient(http), settings, credentials);
    }

    static SesV2Client newClient(SesSettings settings) {
        return configured(SesV2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)), settings, DefaultCredentialsProvider.builder().build());
    }

    private static SesV2Client configured(SesV2ClientBuilder builder, SesSettings settings,
                                          AwsCredentialsProvider credentials) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /**
     * SES takes the display name inside FromEmailAddress; a non-ASCII name must be a MIME
     * encoded-word, which InternetAddress writes.
     */
    private static String fromHeader(SesSettings settings) {
        if (settings.fromName() == null) {
            return settings.fromAddress();
        }
        try {
            return new InternetAddress(settings.fromAddress(), settings.fromName(), UTF_8).toString();
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    @Override
    public void send(EmailMessage message) {
        Objects.requireNonNull(message, "message");
        String recipient = MaskedAddress.of(message.to());
        try {
            SendEmailResponse response = client.sendEmail(request(message));
            log.info("mail sent transport={} to={} messageId={}", TRANSPORT, recipient, response.messageId());
        } catch (SdkException e) {
            // The exception's own text may quote SES's explanation with addresses in it: log only
            // the error code, status and request id.
            logFailure(recipient, e);
            throw new MailDeliveryException(TRANSPORT + " did not accept the message for a recipient at "
                    + MaskedAddress.domainOf(message.to()), e);
        }
    }

    private SendEmailRequest request(EmailMessage message) {
        Body.Builder body = Body.builder().text(utf8(message.textBody()));
        if (message.htmlBody() != null) {
            body.html(utf8(message.htmlBody()));
        }
        return SendEmailRequest.builder()
                .fromEmailAddress(fromHeader)
                .destination(d -> d.toAddresses(message.to()))
                .content(c -> c.simple(m -> m.subject(utf8(message.subject())).body(body.build())))
                .configurationSetName(configurationSetName)
                .build();
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset(UTF_8).build();
    }

    private void logFailure(String recipient, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String errorCode = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            log.warn("mail not sent transport={} to={} errorCode={} status={} requestId={}",
                    TRANSPORT, recipient, errorCode, service.statusCode(), service.requestId());
        } else {
            log.warn("mail not sent transport={} to={} failure={}",
                    TRANSPORT, recipient, e.getClass().getSimpleName());
        }
    }
}
