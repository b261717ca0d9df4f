package org.mpactivation.domain;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured sites, in display order; the first one is the default choice. */
public final class SiteCatalog {

    private final Map<String, Site> sites = new LinkedHashMap<>();

    public SiteCatalog(List<Site> sites) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("at least one site must be configured");
        }
        for (Site site : sites) {
            if (this.sites.put(site.id(), site) != null) {
                throw new IllegalArgumentException("duplicate site id: " + site.id());
            }
        }
    }

    /** The sites shipped by default (override with configuration). */
    public static SiteCatalog defaults() {
        return new SiteCatalog(List.of(
                new Site("cn-ningxia", "China Region 2 (Ningxia)", "中国区2（宁夏）",
                        URI.create("https://console-cn2.example.com/login")),
                new Site("us-oregon", "Overseas Region 1 (Oregon)", "海外区1（俄勒冈）",
                        URI.create("https://console-us1.example.com/login"))));
    }

    public List<Site> all() {
        return List.copyOf(sites.values());
    }

    public Optional<Site> find(String id) {
        return Optional.ofNullable(id == null ? null : sites.get(id));
    }

    public Site defaultSite() {
        return sites.values().iterator().next();
    }
}
