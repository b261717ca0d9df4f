package org.mpactivation.repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.CompanyInfo;
import org.mpactivation.domain.RegistrationDraft;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** Activation sessions; they expire with the session (TTL). */
public final class SessionRepository {

    private static final int MAX_CODE_PAGES = 10;
    private final ItemStore store;

    public SessionRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<ActivationSession> find(String sessionId) {
        return store.get(Keys.session(sessionId)).map(SessionRepository::fromItem);
    }

    /** Reads the session together with the other items a step plans to read, in one batch. */
    public void readAhead(String sessionId, ReadPlan plan) {
        plan.session(sessionId).readWith(store);
    }

    /**
     * Whether a live verification code was sent for this session: the buyer entered an address. Read
     * only when another browser asks for a session whose buyer has stored nothing else yet.
     */
    public boolean hasLiveCodes(String sessionId) {
        String cursor = null;
        for (int page = 0; page < MAX_CODE_PAGES; page++) {
            Page found = store.query(Keys.codePartition(sessionId), "", cursor, 10);
            if (!found.items().isEmpty()) {
                return true;
            }
            cursor = found.nextCursor();
            if (cursor == null) {
                return false;
            }
        }
        return true; // pages of expired codes only, beyond reason: judge as progressed, which refuses the takeover
    }

    /** @throws org.mpactivation.port.out.store.ConditionFailedException if the id is taken */
    public ActivationSession create(ActivationSession session) {
        return fromItem(store.putIfAbsent(toItem(session)));
    }

    /** @throws org.mpactivation.port.out.store.ConditionFailedException on a concurrent change */
    public ActivationSession save(ActivationSession session) {
        return fromItem(store.replace(toItem(session)));
    }

    private static Item toItem(ActivationSession s) {
        RegistrationDraft d = s.draft();
        Attributes a = Attributes.create()
                .put("sessionId", s.id())
                .put("browserKeyHash", s.browserKeyHash())
                .put("subscriptionId", s.subscriptionId().asText())
                .put("cloudAccount", s.cloudAccount().asText())
                .put("billingAccountId", s.billingAccountId())
                .put("pendingBillingAccountId", s.pendingBillingAccountId())
                .put("siteId", s.siteId())
                .put("progressed", s.progressed())
                .put("completedAt", s.completedAt())
                .put("createdAt", s.createdAt())
                .put("signedInAs", s.signedInAs())
                .put("boundWorkspaces", s.boundWorkspaceIds().isEmpty() ? null : String.join(" ", s.boundWorkspaceIds()))
                .put("draftUsername", d.username())
                .put("draftEmail", d.email())
                .put("draftEmailVerified", d.emailVerified())
                .put("draftPhone", d.phone())
                .put("draftPasswordHash", d.passwordHash());
        if (d.company() != null) {
            a.put("companyName", d.company().companyName()).put("companyContact", d.company().contactName())
                    .put("companyCountry", d.company().country()).put("companyAddress", d.company().address());
        }
        return new Item(Keys.session(s.id()), a.build(), s.version(), s.expiresAt(), null);
    }

    private static ActivationSession fromItem(Item item) {
        Map<String, String> a = item.attributes();
        CompanyInfo company = a.containsKey("companyName")
                ? new CompanyInfo(a.get("companyName"), a.get("companyContact"), a.get("companyCountry"),
                a.get("companyAddress"))
                : null;
        RegistrationDraft draft = new RegistrationDraft(a.get("draftUsername"), a.get("draftEmail"),
                Attributes.flag(a, "draftEmailVerified"), a.get("draftPhone"), a.get("draftPasswordHash"), company);
        return new ActivationSession(a.get("sessionId"), a.get("browserKeyHash"),
                SubscriptionId.parse(a.get("subscriptionId")), CloudAccountRef.parse(a.get("cloudAccount")),
                a.get("billingAccountId"), a.get("pendingBillingAccountId"), a.get("siteId"), draft,
                Attributes.flag(a, "progressed"), Attributes.instant(a, "completedAt"),
                Attributes.instant(a, "createdAt"), item.expiresAt(), a.get("signedInAs"),
                a.containsKey("boundWorkspaces") ? List.of(a.get("boundWorkspaces").split(" ")) : List.of(),
                item.version());
    }
}
