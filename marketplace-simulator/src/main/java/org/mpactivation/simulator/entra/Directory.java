package org.mpactivation.simulator.entra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registrations the provider knows: applications, users, and the token form each resource accepts. */
final class Directory {

    private final Map<String, RegisteredApp> apps = new HashMap<>();
    private final Map<String, DirectoryUser> users = new LinkedHashMap<>();
    private final Map<String, TokenForm> resourceForms = new HashMap<>();
    private final TokenForm defaultForm;

    Directory(TokenForm defaultForm) {
        this.defaultForm = defaultForm;
    }

    synchronized void register(RegisteredApp app) {
        apps.put(app.clientId(), app);
    }

    synchronized Optional<RegisteredApp> app(String clientId) {
        return Optional.ofNullable(clientId == null ? null : apps.get(clientId));
    }

    synchronized void add(DirectoryUser user) {
        users.put(user.objectId(), user);
    }

    synchronized Optional<DirectoryUser> user(String objectId) {
        return Optional.ofNullable(objectId == null ? null : users.get(objectId));
    }

    /** The users that may sign in through an authority, in registration order. */
    synchronized List<DirectoryUser> usersFor(String authority) {
        List<DirectoryUser> admitted = new ArrayList<>();
        for (DirectoryUser user : users.values()) {
            if (Tenants.admits(authority, user.tenantId())) {
                admitted.add(user);
            }
        }
        return admitted;
    }

    synchronized void tokenForm(String resource, TokenForm form) {
        resourceForms.put(resource, form);
    }

    synchronized TokenForm tokenForm(String resource) {
        return resourceForms.getOrDefault(resource, defaultForm);
    }

    synchronized void clear() {
        apps.clear();
        users.clear();
        resourceForms.clear();
    }
}
