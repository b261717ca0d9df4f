package org.mpactivation.simulator.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a relying party does, over real HTTP: reads discovery documents and key sets, posts to the token
 * endpoint, walks the sign-in page, and verifies tokens with nimbus against the published key set.
 */
final class RelyingParty {

    private static final Pattern SIGN_IN_ID = Pattern.compile("name=\"sign_in\" value=\"([^\"]+)\"");

    final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    JsonNode getJson(URI uri) {
        HttpResponse<String> response = get(uri);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return readJson(response.body());
    }

    HttpResponse<String> postForm(URI uri, Map<String, String> form) {
        return postForm(uri, form, null);
    }

    HttpResponse<String> postForm(URI uri, Map<String, String> form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HttpMessages.withQuery("", form).replaceFirst("^\\?", "")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    JsonNode readJson(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    JWKSet keySet(URI jwksUri) {
        try {
            return JWKSet.parse(get(jwksUri).body());
        } catch (ParseException e) {
            throw new AssertionError("not a key set", e);
        }
    }

    /**
     * Verifies an RS256 token against the key set at {@code jwksUri}: signature, {@code exp}/{@code nbf},
     * the audience, the issuer and the exact values given.
     */
    JWTClaimsSet verify(String token, URI jwksUri, String audience, String issuer, Map<String, Object> exact)
            throws BadJOSEException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(keySet(jwksUri))));
        JWTClaimsSet.Builder expected = new JWTClaimsSet.Builder().issuer(issuer);
        exact.forEach(expected::claim);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience, expected.build(),
                Set.of("exp", "nbf", "iat", "tid")));
        try {
            return processor.process(token, null);
        } catch (com.nimbusds.jose.JOSEException | ParseException e) {
            throw new BadJOSEException("cannot process the token: " + e.getMessage(), e);
        }
    }

    /** Opens the sign-in page of an authorization request and picks an account; the provider's redirect. */
    HttpResponse<String> signIn(URI authorizationRequest, String objectId) {
        HttpResponse<String> page = get(authorizationRequest);
        if (page.statusCode() != 200) {
            throw new AssertionError("the sign-in page answered " + page.statusCode() + ": " + page.body());
        }
        URI action = URI.create(authorizationRequest.toString().replaceFirst("\\?.*$", ""));
        return postForm(action, Map.of("sign_in", signInId(page.body()), "account", objectId));
    }

    static String signInId(String html) {
        Matcher matcher = SIGN_IN_ID.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no sign-in id on the page: " + html);
        }
        return matcher.group(1);
    }

    /** The query parameters of a redirect's Location. */
    static Map<String, String> redirectParameters(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location; status " + redirect.statusCode()));
        return HttpMessages.decode(URI.create(location).getRawQuery());
    }

    static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("cannot reach " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
