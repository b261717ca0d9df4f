package org.mpactivation.application;

import java.util.Locale;

/**
 * The actions of Azure Marketplace's fulfillment operations, as its webhook and operations API spell them. Three
 * wait for the publisher's answer before the marketplace applies them; the others tell of a change already made.
 * An action this build does not know is {@link #UNKNOWN}: the API may add some.
 */
public enum AzureAction {
    CHANGE_PLAN("ChangePlan", true),
    CHANGE_QUANTITY("ChangeQuantity", true),
    REINSTATE("Reinstate", true),
    SUSPEND("Suspend", false),
    RENEW("Renew", false),
    UNSUBSCRIBE("Unsubscribe", false),
    UNKNOWN("", false);

    private final String wireName;
    private final boolean awaitsAnswer;

    AzureAction(String wireName, boolean awaitsAnswer) {
        this.wireName = wireName;
        this.awaitsAnswer = awaitsAnswer;
    }

    /** The action a webhook or operation names; case does not matter. */
    public static AzureAction of(String name) {
        if (name != null) {
            String lower = name.strip().toLowerCase(Locale.ROOT);
            for (AzureAction action : values()) {
                if (action != UNKNOWN && action.wireName.toLowerCase(Locale.ROOT).equals(lower)) {
                    return action;
                }
            }
        }
        return UNKNOWN;
    }

    /** Whether the marketplace waits for the publisher to accept or decline it (the operation is InProgress). */
    public boolean awaitsAnswer() {
        return awaitsAnswer;
    }

    /** The action as the API spells it (empty for {@link #UNKNOWN}). */
    public String wireName() {
        return wireName;
    }
}
