package org.mpactivation.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The local server's configuration: environment variables over local defaults. Every external
 * endpoint can be pointed elsewhere (see the README), so the same server runs against real services
 * or any other implementation of their APIs.
 */
public record LocalConfig(int port, Path dataDir, String adminPassword, boolean adminPasswordGenerated,
                          String usageToken, boolean usageTokenGenerated, boolean plainHttp,
                          Map<String, String> functionEnvironment, boolean simulatedAwsMarketplace,
                          boolean fileStore, boolean outboxMail) {

    static final String DEFAULT_PRODUCT_CODE = "prod-localdemo01";
    static final String DEFAULT_DIMENSIONS = "{\"api_calls\":\"requests\",\"hosts\":\"hosts\",\"gigabytes\":\"storage\"}";

    public static LocalConfig fromEnvironment(Map<String, String> env) {
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080").strip());
        Path dataDir = Path.of(env.getOrDefault("DATA_DIR", ".local-data"));
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        String password = blank(env.get("ADMIN_PASSWORD")) ? null : env.get("ADMIN_PASSWORD");
        boolean generated = password == null;
        if (generated) {
            password = randomText(12);
        }
        String usageToken = blank(env.get("USAGE_TOKEN")) ? null : env.get("USAGE_TOKEN").strip();
        boolean usageTokenGenerated = usageToken == null;
        if (usageTokenGenerated) {
            usageToken = randomText(24);
        }
        // Secure cookies unless asked otherwise: browsers keep them from http://localhost, not from another
        // host over plain HTTP
        boolean plainHttp = "true".equalsIgnoreCase(env.getOrDefault("LOCAL_PLAIN_HTTP", "").strip());
        Map<String, String> functions = new HashMap<>(env);
        functions.putIfAbsent("AWS_REGION", "us-east-1");
        functions.putIfAbsent("TABLE_NAME", "marketplace-activation");
        functions.putIfAbsent("MARKETPLACE_PRODUCT_CODE", DEFAULT_PRODUCT_CODE);
        functions.putIfAbsent("METERING_DIMENSIONS", DEFAULT_DIMENSIONS);
        // the functions name their cookies for plain HTTP (no __Host- prefix: the Azure functions run in their
        // local mode, which sets the same); the server adds Secure to every cookie on the way out instead
        functions.put("SECURE_COOKIES", "false");
        if (blank(functions.get("SESSION_SECRET"))) {
            functions.put("SESSION_SECRET", persistentSecret(dataDir.resolve("session-secret")));
        }
        boolean simulated = blank(env.get("MARKETPLACE_METERING_ENDPOINT"))
                && blank(env.get("MARKETPLACE_ENTITLEMENT_ENDPOINT"));
        return new LocalConfig(port, dataDir, password, generated, usageToken, usageTokenGenerated, plainHttp,
                Map.copyOf(functions), simulated,
                blank(env.get("DYNAMODB_ENDPOINT")), blank(env.get("MAIL_TRANSPORT")));
    }

    /** The session secret survives restarts, so that a buyer's session does too. */
    private static String persistentSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            byte[] secret = new byte[48];
            new SecureRandom().nextBytes(secret);
            String text = Base64.getEncoder().encodeToString(secret);
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the session secret in " + file, e);
        }
    }

    private static String randomText(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "LocalConfig[port=" + port + ", dataDir=" + dataDir + ", adminPassword=redacted, usageToken=redacted, plainHttp=" + plainHttp + "]";
    }
}
