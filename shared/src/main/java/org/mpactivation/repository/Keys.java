package org.mpactivation.repository;

import java.util.Locale;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.store.ItemKey;

/**
 * The single-table layout. Every entity has its own partition; links that must be listed live in
 * the partition of the side that lists them.
 */
final class Keys {

    static final String META = "META";

    private Keys() {
    }

    static ItemKey subscription(SubscriptionId id) {
        return new ItemKey("SUB#" + id.asText(), META);
    }

    /** Workspaces billed through a subscription: {@code SUB#<id> / WS#<workspace>}. */
    static String subscriptionPartition(SubscriptionId id) {
        return "SUB#" + id.asText();
    }

    static ItemKey subscriptionWorkspace(SubscriptionId id, String workspaceId) {
        return new ItemKey(subscriptionPartition(id), "WS#" + workspaceId);
    }

    /** One status change: keyed by its time and new status, so writing it again changes nothing. */
    static ItemKey auditEntry(SubscriptionId id, java.time.Instant at, String toStatus) {
        return new ItemKey("AUDIT#" + id.asText(), org.mpactivation.domain.Timestamps.format(at) + "#" + toStatus);
    }

    static String auditPartition(SubscriptionId id) {
        return "AUDIT#" + id.asText();
    }

    /** Every Azure subscription we store, listed by the daily comparison: {@code AZURESUBS#<shard> / <saas id>}. */
    static final int AZURE_SHARDS = 8;

    static ItemKey azureSubscription(SubscriptionId id) {
        return new ItemKey(azurePartition(Math.floorMod(id.value().hashCode(), AZURE_SHARDS)), id.value());
    }

    static String azurePartition(int shard) {
        return "AZURESUBS#" + shard;
    }

    /** Subscriptions due for a renewal check are spread over this many index partitions. */
    static final int RENEWAL_SHARDS = 8;

    static String renewalShard(SubscriptionId id) {
        return "RENEWAL#" + Math.floorMod(id.asText().hashCode(), RENEWAL_SHARDS);
    }

    static String renewalShard(int shard) {
        return "RENEWAL#" + shard;
    }

    /** A time as an index sort key: fixed width, so that string order is time order. */
    static String indexTime(java.time.Instant at) {
        return org.mpactivation.domain.Timestamps.formatFixedMillis(at);
    }

    static ItemKey license(String licenseArn) {
        return new ItemKey("LICENSE#" + org.mpactivation.domain.LicenseId.of(licenseArn), "SUBSCRIPTION");
    }

    static ItemKey cloudAccountLink(CloudAccountRef account) {
        return new ItemKey("CLOUDACCOUNT#" + account.asText(), "LINK");
    }

    static ItemKey session(String sessionId) {
        return new ItemKey("SESSION#" + sessionId, META);
    }

    static ItemKey code(String sessionId, String purpose, String email) {
        return new ItemKey(codePartition(sessionId), purpose + "#" + email);
    }

    /** The verification codes of one session, whatever their purpose. */
    static String codePartition(String sessionId) {
        return "CODE#" + sessionId;
    }

    /** One allowance counter: {@code LIMIT#<counter>}, the counter's name naming its subject by digest. */
    static ItemKey limit(String counter) {
        return new ItemKey("LIMIT#" + counter, META);
    }

    static ItemKey consoleAccount(String id) {
        return new ItemKey("CONSOLE#" + id, META);
    }

    static ItemKey billingAccount(String id) {
        return new ItemKey("BILLING#" + id, META);
    }

    static String billingPartition(String billingAccountId) {
        return "BILLING#" + billingAccountId;
    }

    static ItemKey billingWorkspace(String billingAccountId, String workspaceId) {
        return new ItemKey(billingPartition(billingAccountId), "WS#" + workspaceId);
    }

    static ItemKey workspace(String id) {
        return new ItemKey("WS#" + id, META);
    }

    /** A uniqueness guard: {@code UNIQUE#<kind>#<lower-case value>}, owned by one entity id. */
    static ItemKey unique(UniqueName kind, String value) {
        return new ItemKey("UNIQUE#" + kind.code() + "#" + value.toLowerCase(Locale.ROOT), "OWNER");
    }
}
