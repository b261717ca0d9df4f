package org.mpactivation.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.domain.Site;
import org.mpactivation.domain.SiteCatalog;

/**
 * Reads the sites from configuration: a JSON array of
 * {@code {"id", "nameEn", "nameZh", "consoleLoginUrl"}}; empty means the shipped defaults.
 */
public final class SiteSettings {

    private SiteSettings() {
    }

    public static SiteCatalog parse(String json) {
        if (json == null || json.isBlank()) {
            return SiteCatalog.defaults();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            if (!root.isArray()) {
                throw new IllegalArgumentException("SITES must be a JSON array");
            }
            List<Site> sites = new ArrayList<>();
            for (JsonNode node : root) {
                sites.add(new Site(required(node, "id"), required(node, "nameEn"), required(node, "nameZh"),
                        URI.create(required(node, "consoleLoginUrl"))));
            }
            return new SiteCatalog(sites);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("SITES is not valid JSON", e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("every site in SITES needs " + field);
        }
        return value.asText();
    }
}
