package org.mpactivation.adapter.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;

class SesMailerTest {

    private static final String CODE = "730418";
    private static final String TEXT = "您的验证码是 " + CODE + "。";
    private static final String HTML = "<p>您的验证码是 <b>" + CODE + "</b></p>";
    private static final String SUBJECT = "验证您的邮箱";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordingLogger log = new RecordingLogger();
    private FakeSesServer ses;
    private SesV2Client client;

    @BeforeEach
    void startFakeSes() throws IOException {
        ses = FakeSesServer.start();
        client = client(ses.endpoint());
    }

    @AfterEach
    void stopFakeSes() {
        client.close();
        ses.close();
    }

    @Test
    void givenMessage_thenSendEmailCarriesSenderRecipientUtf8ContentAndConfigurationSet() throws Exception {
        mailer("市场激活", "activation-events").send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT, HTML));

        assertEquals(1, ses.requests().size());
        FakeSesServer.Request request = ses.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals(FakeSesServer.SEND_EMAIL_PATH, request.path());
        assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
        assertTrue(request.header("Authorization").startsWith("AWS4-HMAC-SHA256 "), request.header("Authorization"));
        assertTrue(request.header("Authorization").contains("/eu-west-1/ses/aws4_request"),
                request.header("Authorization"));

        JsonNode body = JSON.readTree(request.body());
        String from = body.path("FromEmailAddress").asText();
        assertTrue(from.startsWith("=?UTF-8?"), "a non-ASCII display name must be an encoded-word: " + from);
        assertTrue(from.endsWith(" <no-reply@mpactivation.example>"), from);
        assertEquals("市场激活 <no-reply@mpactivation.example>", MimeUtility.decodeText(from));
        assertEquals("jane.buyer@example.com", body.path("Destination").path("ToAddresses").get(0).asText());
        assertEquals(1, body.path("Destination").path("ToAddresses").size());
        JsonNode simple = body.path("Content").path("Simple");
        assertEquals(SUBJECT, simple.path("Subject").path("Data").asText());
        assertEquals("UTF-8", simple.path("Subject").path("Charset").asText());
        assertEquals(TEXT, simple.path("Body").path("Text").path("Data").asText());
        assertEquals("UTF-8", simple.path("Body").path("Text").path("Charset").asText());
        assertEquals(HTML, simple.path("Body").path("Html").path("Data").asText());
        assertEquals("UTF-8", simple.path("Body").path("Html").path("Charset").asText());
        assertEquals("activation-events", body.path("ConfigurationSetName").asText());
    }

    @Test
    void givenNoDisplayNameHtmlOrConfigurationSet_thenTheyAreLeftOut() throws Exception {
        mailer(null, null).send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT));

        JsonNode body = JSON.readTree(ses.requests().get(0).body());
        assertEquals("no-reply@mpactivation.example", body.path("FromEmailAddress").asText());
        assertTrue(body.path("Content").path("Simple").path("Body").path("Html").isMissingNode());
        assertTrue(body.path("ConfigurationSetName").isMissingNode());
    }

    @Test
    void givenAcceptedMessage_thenMessageIdIsLoggedWithMaskedRecipient() {
        ses.acceptWithMessageId("0100018f-abc");

        mailer(null, null).send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT, HTML));

        assertEquals(1, log.lines().size(), log.all());
        assertEquals("INFO mail sent transport=ses to=j***@example.com messageId=0100018f-abc", log.lines().get(0));
        assertNothingSecretIn(log.all());
    }

    @Test
    void givenMessageRejected_thenMailDeliveryExceptionKeepsCauseAndHidesBody() {
        ses.failWith(400, "MessageRejected",
                "Email address is not verified. The following identities failed the check: jane.buyer@example.com");
        SesMailer mailer = mailer(null, null);

        MailDeliveryException e = assertThrows(MailDeliveryException.class,
                () -> mailer.send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT, HTML)));

        assertEquals("ses did not accept the message for a recipient at example.com", e.getMessage());
        MessageRejectedException cause = assertInstanceOf(MessageRejectedException.class, e.getCause());
        assertEquals(400, cause.statusCode());
        assertEquals(1, ses.requests().size(), "a rejected message is not retried");
        assertNothingSecretIn(e.getMessage());
        assertEquals(1, log.lines().size(), log.all());
        assertEquals("WARN mail not sent transport=ses to=j***@example.com errorCode=MessageRejected status=400"
                + " requestId=req-1", log.lines().get(0));
        assertNothingSecretIn(log.all());
    }

    @Test
    void givenUnreachableEndpoint_thenMailDeliveryExceptionWithClientCause() throws IOException {
        try (SesV2Client unreachable = client(URI.create("http://127.0.0.1:" + closedPort()))) {
            SesMailer mailer = new SesMailer(unreachable, settings(null, null), log.logger());

            MailDeliveryException e = assertThrows(MailDeliveryException.class,
                    () -> mailer.send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT)));

            assertInstanceOf(SdkClientException.class, e.getCause());
            assertNothingSecretIn(e.getMessage());
            assertTrue(log.all().startsWith("WARN mail not sent transport=ses to=j***@example.com failure="),
                    log.all());
            assertNothingSecretIn(log.all());
        }
    }

    @Test
    void givenFactory_thenItBuildsAClientForTheRegionAndEndpointOverride() {
        Map<String, String> saved = new HashMap<>();
        // The default chain reads system properties first, so it never reaches for instance metadata.
        setProperty(saved, "aws.accessKeyId", "AKIDFACTORYTEST");
        setProperty(saved, "aws.secretAccessKey", "factory-secret");
        setProperty(saved, "aws.disableEc2Metadata", "true");
        try {
            SesMailer.create(new SesSettings("eu-west-1", ses.endpoint(), "no-reply@mpactivation.example", null, null))
                    .send(new EmailMessage("jane.buyer@example.com", SUBJECT, TEXT));
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }

        FakeSesServer.Request request = ses.requests().get(0);
        assertTrue(request.header("Authorization").contains("Credential=AKIDFACTORYTEST/"),
                request.header("Authorization"));
        assertTrue(request.header("Authorization").contains("/eu-west-1/ses/aws4_request"),
                request.header("Authorization"));
    }

    private SesMailer mailer(String fromName, String configurationSet) {
        return new SesMailer(client, settings(fromName, configurationSet), log.logger());
    }

    private SesSettings settings(String fromName, String configurationSet) {
        return new SesSettings("eu-west-1", ses.endpoint(), "no-reply@mpactivation.example", fromName,
                configurationSet);
    }

    private static SesV2Client client(URI endpoint) {
        return SesV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.EU_WEST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .build();
    }

    private static void setProperty(Map<String, String> saved, String key, String value) {
        saved.put(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertNothingSecretIn(String text) {
        assertFalse(text.contains(CODE), "verification code leaked: " + text);
        assertFalse(text.contains("验证码"), "body leaked: " + text);
        assertFalse(text.contains("jane.buyer@"), "full recipient leaked: " + text);
    }
}
