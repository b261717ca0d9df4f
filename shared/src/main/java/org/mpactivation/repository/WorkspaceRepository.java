package org.mpactivation.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** Workspaces, and which workspaces belong to a Billing Center account. */
public final class WorkspaceRepository {

    private final ItemStore store;

    public WorkspaceRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<Workspace> find(String id) {
        return store.get(Keys.workspace(id)).map(WorkspaceRepository::fromItem);
    }

    /** Stores a new workspace, or returns the stored one with that id (made by an earlier attempt). */
    public Workspace createOrGet(Workspace workspace) {
        try {
            return fromItem(store.putIfAbsent(toItem(workspace)));
        } catch (ConditionFailedException alreadyThere) {
            return find(workspace.id()).orElseThrow(() -> alreadyThere);
        }
    }

    /** @throws ConditionFailedException on a concurrent change */
    public Workspace save(Workspace workspace) {
        return fromItem(store.replace(toItem(workspace)));
    }

    public void linkToBillingAccount(String billingAccountId, String workspaceId, Instant at) {
        try {
            store.putIfAbsent(billingLink(billingAccountId, workspaceId, at));
        } catch (ConditionFailedException alreadyLinked) {
            // idempotent step
        }
    }

    /** A Billing Center account's link to one of its workspaces: a write-once fact. */
    static Item billingLink(String billingAccountId, String workspaceId, Instant at) {
        return Item.of(Keys.billingWorkspace(billingAccountId, workspaceId),
                Attributes.create().put("workspaceId", workspaceId).put("linkedAt", at).build());
    }

    public boolean belongsTo(String billingAccountId, String workspaceId) {
        return store.get(Keys.billingWorkspace(billingAccountId, workspaceId)).isPresent();
    }

    /** The workspaces of a Billing Center account, oldest link first. */
    public List<Workspace> ofBillingAccount(String billingAccountId) {
        List<Workspace> workspaces = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.query(Keys.billingPartition(billingAccountId), "WS#", cursor, 100);
            for (Item link : page.items()) {
                find(link.get("workspaceId")).ifPresent(workspaces::add);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        workspaces.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return workspaces;
    }

    private static Item toItem(Workspace w) {
        return new Item(Keys.workspace(w.id()), Attributes.create()
                .put("id", w.id()).put("name", w.name()).put("language", w.language().code())
                .put("siteId", w.siteId()).put("ownerConsoleAccountId", w.ownerConsoleAccountId())
                .put("billingAccountId", w.billingAccountId())
                .put("billingChannel", w.billingChannel() == null ? null : w.billingChannel().asText())
                .put("createdAt", w.createdAt()).put("boundAt", w.boundAt())
                .put("billedUntil", w.billedUntil()).build(),
                w.version(), null, null);
    }

    private static Workspace fromItem(Item item) {
        Map<String, String> a = item.attributes();
        String channel = a.get("billingChannel");
        return new Workspace(a.get("id"), a.get("name"), WorkspaceLanguage.fromCode(a.get("language")),
                a.get("siteId"), a.get("ownerConsoleAccountId"), a.get("billingAccountId"),
                channel == null ? null : SubscriptionId.parse(channel), Attributes.instant(a, "createdAt"),
                Attributes.instant(a, "boundAt"), Attributes.instant(a, "billedUntil"), item.version());
    }
}
