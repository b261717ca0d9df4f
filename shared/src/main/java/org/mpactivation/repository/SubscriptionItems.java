package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;

/**
 * How a {@link MarketplaceSubscription} is stored: one item with flat attributes, the AWS buyer, the Azure
 * purchase and the signed-in buyer as small JSON rows, the last status change (for its audit entry) and the
 * renewal index key.
 */
final class SubscriptionItems {

    /**
     * Rows are written with the streaming generator, field by field in the order the records declare them (what
     * the mapper wrote), and read back with the streaming parser (the Azure and buyer rows through
     * {@link StoredRow}): no object mapper is loaded on a function's start path.
     */
    private static final JsonFactory JSON = new JsonFactory();

    private SubscriptionItems() {
    }

    static Item toItem(MarketplaceSubscription s) {
        Attributes a = Attributes.create()
                .put("subscriptionId", s.id().asText())
                .put("cloudAccount", s.cloudAccount().asText())
                .put("offerType", s.offerType())
                .put("status", s.status().name())
                .put("stage", s.marketplace().stage().name())
                .put("confirmed", s.marketplace().confirmed())
                .put("nextCheckAt", s.marketplace().nextCheckAt())
                .put("endingSoon", s.marketplace().endingSoon())
                .put("missedChecks", s.marketplace().missedChecks() == 0 ? null
                        : Integer.toString(s.marketplace().missedChecks()))
                .put("billingAccountId", s.billingAccountId())
                .put("billingAccountBoundAt", s.billingAccountBoundAt())
                .put("createdAt", s.createdAt())
                .put("activatedAt", s.activatedAt())
                .put("entitlements", entitlementsJson(s.entitlements()));
        AwsCustomer aws = s.aws();
        if (aws != null) {
            a.put("awsCustomerIdentifier", aws.customerIdentifier())
                    .put("awsAccountId", aws.customerAwsAccountId())
                    .put("awsProductCode", aws.productCode())
                    .put("awsLicenseArn", aws.licenseArn());
        }
        AzurePurchase azure = s.azure();
        if (azure != null) {
            a.put("azure", json(AzureRow.of(azure)::write));
        }
        BuyerIdentity buyer = s.buyer();
        if (buyer != null) {
            a.put("buyer", json(BuyerRow.of(buyer)::write));
        }
        if (s.marketplace().suspended()) {
            a.put("suspended", true);
        }
        StatusChange change = s.lastChange();
        if (change != null) {
            a.put("changeFrom", change.from().name()).put("changeTo", change.to().name())
                    .put("changeCause", change.cause()).put("changeAt", change.at());
        }
        Instant nextCheck = s.marketplace().nextCheckAt();
        IndexKey index = nextCheck == null ? null : new IndexKey(Keys.renewalShard(s.id()), Keys.indexTime(nextCheck));
        return new Item(Keys.subscription(s.id()), a.build(), s.version(), null, index);
    }

    static MarketplaceSubscription fromItem(Item item) {
        Map<String, String> a = item.attributes();
        AwsCustomer aws = a.containsKey("awsProductCode")
                ? new AwsCustomer(a.get("awsCustomerIdentifier"), a.get("awsAccountId"), a.get("awsProductCode"),
                a.get("awsLicenseArn"))
                : null;
        StatusChange change = a.containsKey("changeTo")
                ? new StatusChange(SubscriptionStatus.valueOf(a.get("changeFrom")),
                SubscriptionStatus.valueOf(a.get("changeTo")), a.get("changeCause"), Attributes.instant(a, "changeAt"))
                : null;
        AzurePurchase azure = a.containsKey("azure") ? AzureRow.from(StoredRow.parse(a.get("azure"), "Azure purchase")).toPurchase() : null;
        BuyerIdentity buyer = a.containsKey("buyer") ? BuyerRow.from(StoredRow.parse(a.get("buyer"), "buyer")).toIdentity() : null;
        return new MarketplaceSubscription(SubscriptionId.parse(a.get("subscriptionId")),
                CloudAccountRef.parse(a.get("cloudAccount")), aws, azure, buyer, a.get("offerType"),
                entitlements(a.get("entitlements")), SubscriptionStatus.valueOf(a.get("status")),
                new MarketplaceState(a.containsKey("stage") ? MarketplaceStage.valueOf(a.get("stage")) : MarketplaceStage.LIVE,
                        Attributes.flag(a, "confirmed"), Attributes.instant(a, "nextCheckAt"),
                        Attributes.flag(a, "endingSoon"),
                        a.containsKey("missedChecks") ? Integer.parseInt(a.get("missedChecks")) : 0,
                        Attributes.flag(a, "suspended")),
                a.get("billingAccountId"), Attributes.instant(a, "billingAccountBoundAt"), Attributes.instant(a, "createdAt"), Attributes.instant(a, "activatedAt"),
                change, item.version());
    }

    /** The stored form of an Azure purchase: flat, with the parties' fields beside the plan's. */
    record AzureRow(String offerId, String planId, Integer quantity, String saasStatus, String termStart,
                    String termEnd, String termUnit, boolean autoRenew, String purchaserTenantId,
                    String purchaserObjectId, String purchaserEmail, String beneficiaryTenantId,
                    String beneficiaryObjectId, String beneficiaryEmail, boolean test, boolean freeTrial,
                    String name) {

        static AzureRow of(AzurePurchase p) {
            return new AzureRow(p.offerId(), p.planId(), p.quantity(), p.saasStatus(), text(p.termStart()),
                    text(p.termEnd()),
                    p.termUnit(), p.autoRenew(), p.purchaser().tenantId(), p.purchaser().objectId(),
                    p.purchaser().email(), p.beneficiary().tenantId(), p.beneficiary().objectId(),
                    p.beneficiary().email(), p.test(), p.freeTrial(), p.name());
        }

        static AzureRow from(StoredRow r) {
            return new AzureRow(r.text("offerId"), r.text("planId"), r.integer("quantity"), r.text("saasStatus"),
                    r.text("termStart"), r.text("termEnd"), r.text("termUnit"), r.flag("autoRenew"),
                    r.text("purchaserTenantId"), r.text("purchaserObjectId"), r.text("purchaserEmail"),
                    r.text("beneficiaryTenantId"), r.text("beneficiaryObjectId"), r.text("beneficiaryEmail"),
                    r.flag("test"), r.flag("freeTrial"), r.text("name"));
        }

        /** As the mapper wrote it: the components in order, nulls left out. */
        void write(JsonGenerator out) throws IOException {
            out.writeStartObject();
            text(out, "offerId", offerId);
            text(out, "planId", planId);
            if (quantity != null) {
                out.writeNumberField("quantity", quantity);
            }
            text(out, "saasStatus", saasStatus);
            text(out, "termStart", termStart);
            text(out, "termEnd", termEnd);
            text(out, "termUnit", termUnit);
            out.writeBooleanField("autoRenew", autoRenew);
            text(out, "purchaserTenantId", purchaserTenantId);
            text(out, "purchaserObjectId", purchaserObjectId);
            text(out, "purchaserEmail", purchaserEmail);
            text(out, "beneficiaryTenantId", beneficiaryTenantId);
            text(out, "beneficiaryObjectId", beneficiaryObjectId);
            text(out, "beneficiaryEmail", beneficiaryEmail);
            out.writeBooleanField("test", test);
            out.writeBooleanField("freeTrial", freeTrial);
            text(out, "name", name);
            out.writeEndObject();
        }

        AzurePurchase toPurchase() {
            return new AzurePurchase(offerId, planId, quantity, saasStatus, instant(termStart), instant(termEnd),
                    termUnit, autoRenew,
                    new AzurePurchase.AzureUser(purchaserTenantId, purchaserObjectId, purchaserEmail),
                    new AzurePurchase.AzureUser(beneficiaryTenantId, beneficiaryObjectId, beneficiaryEmail), test,
                    freeTrial, name);
        }
    }

    /** The stored form of the signed-in buyer. */
    record BuyerRow(String issuer, String tenantId, String objectId, String email, String name, String signedInAt) {

        static BuyerRow of(BuyerIdentity b) {
            return new BuyerRow(b.issuer(), b.tenantId(), b.objectId(), b.email(), b.name(), Timestamps.format(b.signedInAt()));
        }

        static BuyerRow from(StoredRow r) {
            return new BuyerRow(r.text("issuer"), r.text("tenantId"), r.text("objectId"), r.text("email"),
                    r.text("name"), r.text("signedInAt"));
        }

        /** As the mapper wrote it: the components in order, nulls left out. */
        void write(JsonGenerator out) throws IOException {
            out.writeStartObject();
            text(out, "issuer", issuer);
            text(out, "tenantId", tenantId);
            text(out, "objectId", objectId);
            text(out, "email", email);
            text(out, "name", name);
            text(out, "signedInAt", signedInAt);
            out.writeEndObject();
        }

        BuyerIdentity toIdentity() {
            return new BuyerIdentity(issuer, tenantId, objectId, email, name, Timestamps.parse(signedInAt));
        }
    }

    private static String text(Instant at) {
        return at == null ? null : Timestamps.format(at);
    }

    private static Instant instant(String text) {
        return text == null ? null : Timestamps.parse(text);
    }

    private static void text(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    private interface Writing {
        void write(JsonGenerator out) throws IOException;
    }

    private static String json(Writing writing) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            writing.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("row not written", e);
        }
        return text.toString();
    }

    private static String entitlementsJson(List<Entitlement> entitlements) {
        if (entitlements.isEmpty()) {
            return null;
        }
        return json(out -> {
            out.writeStartArray();
            for (Entitlement e : entitlements) {
                out.writeStartObject();
                out.writeStringField("dimension", e.dimension());
                out.writeStringField("value", e.value());
                if (e.expiresAt() != null) {
                    out.writeStringField("expiresAt", Timestamps.format(e.expiresAt()));
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        });
    }

    /**
     * The entitlement rows read back with the streaming parser, as the object mapper read them into maps of text:
     * scalar fields as their text (null as absent), unknown scalar fields ignored, and anything else (no array, a
     * row no object, a nested value) unreadable.
     */
    private static List<Entitlement> entitlements(String json) {
        if (json == null) {
            return List.of();
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("stored entitlements unreadable: not an array");
            }
            List<Entitlement> result = new ArrayList<>();
            for (JsonToken row = parser.nextToken(); row != JsonToken.END_ARRAY; row = parser.nextToken()) {
                if (row != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("stored entitlements unreadable: a row is no object");
                }
                Map<String, String> fields = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (!value.isScalarValue()) {
                        throw new IllegalStateException("stored entitlements unreadable: " + name + " is no text");
                    }
                    fields.put(name, value == JsonToken.VALUE_NULL ? null : parser.getText());
                }
                String expires = fields.get("expiresAt");
                result.add(new Entitlement(fields.get("dimension"), fields.get("value"),
                        expires == null ? null : Timestamps.parse(expires)));
            }
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("stored entitlements unreadable", e);
        }
    }
}
