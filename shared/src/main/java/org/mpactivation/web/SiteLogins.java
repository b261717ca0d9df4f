package org.mpactivation.web;

import java.util.ArrayList;
import java.util.List;
import org.mpactivation.domain.Site;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.Workspace;

/** Where to log in: one console per site, with the names of that site's workspaces, in the sites' order. */
public record SiteLogins(Site site, List<String> workspaceNames) {

    public SiteLogins {
        workspaceNames = List.copyOf(workspaceNames);
    }

    public static List<SiteLogins> of(List<Workspace> workspaces, SiteCatalog sites) {
        List<SiteLogins> logins = new ArrayList<>();
        for (Site site : sites.all()) {
            List<String> names = workspaces.stream().filter(w -> site.id().equals(w.siteId())).map(Workspace::name)
                    .toList();
            if (!names.isEmpty()) {
                logins.add(new SiteLogins(site, names));
            }
        }
        return logins;
    }

    /** The sites alone, for a page that must not name the workspaces. */
    public static List<Site> sitesOf(List<Workspace> workspaces, SiteCatalog sites) {
        return of(workspaces, sites).stream().map(SiteLogins::site).toList();
    }
}
