package org.mpactivation.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** Read with the streaming parser (no object mapper at cold start): the whole text is checked as JSON first. */
    private static SiteCatalog read(String json) {
        if (json == null || json.isBlank()) {
            return SiteCatalog.defaults();
        }
        List<Map<String, String>> entries = new ArrayList<>();
        boolean array;
        try (JsonParser parser = JsonFields.parser(json)) {
            array = parser.nextToken() == JsonToken.START_ARRAY;
            if (array) {
                for (JsonToken entry = parser.nextToken(); entry != JsonToken.END_ARRAY; entry = parser.nextToken()) {
                    entries.add(textFields(parser, entry));
                }
            } else {
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("SITES is not valid JSON", e);
        }
        if (!array) {
            throw new IllegalArgumentException("SITES must be a JSON array");
        }
        List<Site> sites = new ArrayList<>();
        for (Map<String, String> entry : entries) {
            sites.add(new Site(required(entry, "id"), required(entry, "nameEn"), required(entry, "nameZh"),
                    URI.create(required(entry, "consoleLoginUrl"))));
        }
        return new SiteCatalog(sites);
    }

    /** An entry's fields (null where a value is no text); nothing for an entry that is no object. */
    private static Map<String, String> textFields(JsonParser parser, JsonToken entry) throws IOException {
        if (entry != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Map.of();
        }
        return JsonFields.fields(parser);
    }

    private static String required(Map<String, String> entry, String field) {
        String value = entry.get(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("every site in SITES needs " + field);
        }
        return value;
    }
}
