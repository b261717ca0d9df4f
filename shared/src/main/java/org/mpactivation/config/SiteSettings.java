package org.mpactivation.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.domain.Site;
import org.mpactivation.domain.SiteCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the sites from configuration: a JSON array of
 * {@code {"id", "nameEn", "nameZh", "consoleLoginUrl"}}; empty means the shipped defaults, whose
 * console login URLs are placeholders: start-up warns about every placeholder it serves.
 */
public final class SiteSettings {

    private static final Logger LOG = LoggerFactory.getLogger(SiteSettings.class);

    private SiteSettings() {
    }

    public static SiteCatalog parse(String json) {
        SiteCatalog sites = read(json);
        List<String> placeholders = sites.placeholderSites();
        if (!placeholders.isEmpty()) {
            LOG.warn("SITES: the console login URL of site(s) {} is a placeholder; buyers are sent to a page that "
                    + "does not exist after activation. Set SITES to the sites' real console login URLs", placeholders);
        }
        return sites;
    }

    private static SiteCatalog read(String json) {
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
