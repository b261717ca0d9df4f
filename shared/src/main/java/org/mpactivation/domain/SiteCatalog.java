package org.mpactivation.domain;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured sites, in display order; the first one is the default choice. */
public final class SiteCatalog {

    private static final String PLACEHOLDER_DOMAIN = "invalid";
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

    /**
     * The sites the guides name, with placeholder console login URLs: the guides do not give them, so
     * a deployment sets them (setting {@code SITES}). A placeholder is on the reserved {@code .invalid}
     * domain, which never resolves, so it can be told from a real URL and is warned about at start-up.
     */
    public static SiteCatalog defaults() {
        return new SiteCatalog(List.of(
                new Site("cn-ningxia", "China Region 2 (Ningxia)", "中国区2（宁夏）", placeholderLogin("cn-ningxia")),
                new Site("us-oregon", "Overseas Region 1 (Oregon)", "海外区1（俄勒冈）", placeholderLogin("us-oregon"))));
    }

    private static URI placeholderLogin(String siteId) {
        return URI.create("https://" + siteId + ".console-login-url." + PLACEHOLDER_DOMAIN + "/set-SITES");
    }

    /** The ids of the sites whose console login URL is a placeholder, not a real page. */
    public List<String> placeholderSites() {
        return sites.values().stream().filter(site -> {
            String host = site.consoleLoginUrl().getHost();
            return host == null || host.equals(PLACEHOLDER_DOMAIN) || host.endsWith("." + PLACEHOLDER_DOMAIN)
                    || host.equals("example.com") || host.endsWith(".example.com");
        }).map(Site::id).toList();
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
