package org.mpactivation.port.out.azure;

/** The purchaser or beneficiary of a subscription, as the marketplace names them; any field may be absent. */
public record AzureParty(String emailId, String objectId, String tenantId, String puid) {

    public static final AzureParty UNKNOWN = new AzureParty(null, null, null, null);
}
