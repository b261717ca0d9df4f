package org.mpactivation.adapter.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mpactivation.domain.Timestamps;

/**
 * AWS Signature Version 4 for the requests this package sends: a POST (or GET) to a path without a query
 * string, the payload hashed into the signature. {@link #sign} returns the headers to add:
 * {@code X-Amz-Date}, {@code X-Amz-Security-Token} for temporary credentials, and {@code Authorization}.
 * Every header given is signed, with {@code host} (which the HTTP client sends from the URL).
 */
public final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SigV4() {
    }

    /**
     * @param headers the headers the request will carry besides {@code host} (names in any case)
     * @return the headers to add to the request, in the case AWS documents them
     */
    public static Map<String, String> sign(String method, String host, String path, Map<String, String> headers,
                                           byte[] payload, AwsCredentials credentials, String region,
                                           String service, Instant now) {
        String amzDate = amzDate(now);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), canonicalValue(value)));
        signed.put("host", host);
        signed.put("x-amz-date", amzDate);
        if (credentials.sessionToken() != null) {
            signed.put("x-amz-security-token", credentials.sessionToken());
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method + '\n' + (path.isEmpty() ? "/" : path) + "\n\n" + canonicalHeaders + '\n'
                + signedHeaders + '\n' + hex(sha256(payload));
        String scope = date + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, stringToSign));
        Map<String, String> added = new TreeMap<>();
        added.put("X-Amz-Date", amzDate);
        if (credentials.sessionToken() != null) {
            added.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return added;
    }

    /** The Host header HttpURLConnection sends for a URL: the port only when it is not the scheme's default. */
    public static String hostHeader(java.net.URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(endpoint.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(endpoint.getScheme()) && port == 80);
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ':' + port;
    }

    private static String canonicalValue(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC: the instant's ISO text (see {@link Timestamps}) without its separators. */
    static String amzDate(Instant now) {
        String iso = Timestamps.format(now.truncatedTo(ChronoUnit.SECONDS));
        return iso.replace("-", "").replace(":", "");
    }
}
