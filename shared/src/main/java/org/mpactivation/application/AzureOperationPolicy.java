package org.mpactivation.application;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.mpactivation.port.out.azure.MarketplaceOperation;

/**
 * Which changes a buyer starts in Azure the seller lets through: Azure Marketplace asks the publisher before it
 * applies a plan change, a seat change or a reinstatement (the operation is InProgress until answered), and the
 * seller may have reasons to refuse, such as a plan it no longer sells through this channel or more seats than
 * one workspace supports. Everything is accepted unless a rule says otherwise.
 *
 * <p>The setting {@value #SETTING} holds the rules as text, clauses separated by {@code ;}:
 * <ul>
 *   <li>{@code accept-all} (or an empty setting): accept every change;</li>
 *   <li>{@code decline-all}: decline every plan change, seat change and reinstatement;</li>
 *   <li>{@code decline-plans=planA,planB}: decline a change to one of these plans;</li>
 *   <li>{@code max-quantity=N}: decline a seat count above N;</li>
 *   <li>{@code decline-reinstate}: decline reinstatements.</li>
 * </ul>
 * For example {@code decline-plans=enterprise;max-quantity=500}. An unknown clause is refused when the setting
 * is read, so that a typo does not silently accept everything.
 */
public final class AzureOperationPolicy {

    /** The name of the setting that holds the rules. */
    public static final String SETTING = "AZURE_OPERATION_POLICY";

    private final boolean declineAll;
    private final Set<String> declinedPlans;
    private final Integer maxQuantity;
    private final boolean declineReinstate;

    private AzureOperationPolicy(boolean declineAll, Set<String> declinedPlans, Integer maxQuantity,
                                 boolean declineReinstate) {
        this.declineAll = declineAll;
        this.declinedPlans = Set.copyOf(declinedPlans);
        this.maxQuantity = maxQuantity;
        this.declineReinstate = declineReinstate;
    }

    public static AzureOperationPolicy acceptAll() {
        return new AzureOperationPolicy(false, Set.of(), null, false);
    }

    public static AzureOperationPolicy declineAll() {
        return acceptAll().declineEverything();
    }

    /** This policy, declining every change whatever the other rules say. */
    public AzureOperationPolicy declineEverything() {
        return new AzureOperationPolicy(true, declinedPlans, maxQuantity, declineReinstate);
    }

    /** This policy, also declining changes to these plans. */
    public AzureOperationPolicy declinePlans(Set<String> planIds) {
        Set<String> plans = new TreeSet<>(declinedPlans);
        for (String plan : planIds) {
            plans.add(requireText(plan, "a declined plan"));
        }
        return new AzureOperationPolicy(declineAll, plans, maxQuantity, declineReinstate);
    }

    /** This policy, also declining seat counts above {@code max}. */
    public AzureOperationPolicy maxQuantity(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max-quantity must be at least 1");
        }
        return new AzureOperationPolicy(declineAll, declinedPlans, max, declineReinstate);
    }

    /** This policy, also declining reinstatements. */
    public AzureOperationPolicy declineReinstate() {
        return new AzureOperationPolicy(declineAll, declinedPlans, maxQuantity, true);
    }

    /**
     * Reads the setting (see the class comment); null or blank accepts everything.
     *
     * @throws IllegalArgumentException for an unknown clause or a bad value
     */
    public static AzureOperationPolicy parse(String setting) {
        AzureOperationPolicy policy = acceptAll();
        if (setting == null || setting.isBlank()) {
            return policy;
        }
        for (String raw : setting.split(";")) {
            String clause = raw.strip();
            int eq = clause.indexOf('=');
            String name = (eq < 0 ? clause : clause.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : clause.substring(eq + 1).strip();
            policy = switch (name) {
                case "" -> policy;
                case "accept-all" -> noValue(name, value, policy);
                case "decline-all" -> noValue(name, value, policy.declineEverything());
                case "decline-reinstate" -> noValue(name, value, policy.declineReinstate());
                case "decline-plans" -> policy.declinePlans(Set.of(requireText(value, name).split("\\s*,\\s*")));
                case "max-quantity" -> policy.maxQuantity(number(name, value));
                default -> throw new IllegalArgumentException(SETTING + ": unknown rule '" + name + "'");
            };
        }
        return policy;
    }

    /** Whether the seller lets this change through, and if not, why (for the log; never shown to the buyer). */
    public record Decision(boolean accepted, String reason) {

        public Decision {
            Objects.requireNonNull(reason, "reason");
        }

        static Decision accept() {
            return new Decision(true, "accepted");
        }

        static Decision decline(String reason) {
            return new Decision(false, reason);
        }
    }

    /**
     * Decides on an operation awaiting the publisher's answer.
     *
     * @param action the operation's action as the marketplace confirmed it
     */
    public Decision decide(AzureAction action, MarketplaceOperation operation) {
        if (declineAll) {
            return Decision.decline("every change is declined");
        }
        return switch (action) {
            case CHANGE_PLAN -> operation.planId() != null && declinedPlans.contains(operation.planId())
                    ? Decision.decline("plan " + operation.planId() + " is declined") : Decision.accept();
            case CHANGE_QUANTITY -> maxQuantity != null && operation.quantity() != null
                    && operation.quantity() > maxQuantity
                    ? Decision.decline("quantity " + operation.quantity() + " is above " + maxQuantity)
                    : Decision.accept();
            case REINSTATE -> declineReinstate ? Decision.decline("reinstatements are declined") : Decision.accept();
            default -> Decision.accept();
        };
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(declineAll ? "decline-all" : "accept-all");
        if (!declinedPlans.isEmpty()) {
            text.append(";decline-plans=").append(String.join(",", new TreeSet<>(declinedPlans)));
        }
        if (maxQuantity != null) {
            text.append(";max-quantity=").append(maxQuantity);
        }
        if (declineReinstate) {
            text.append(";decline-reinstate");
        }
        return text.toString();
    }

    private static AzureOperationPolicy noValue(String name, String value, AzureOperationPolicy policy) {
        if (value != null) {
            throw new IllegalArgumentException(SETTING + ": rule '" + name + "' takes no value");
        }
        return policy;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(requireText(value, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SETTING + ": rule '" + name + "' needs a whole number", e);
        }
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(SETTING + ": " + name + " needs a value");
        }
        return value;
    }
}
