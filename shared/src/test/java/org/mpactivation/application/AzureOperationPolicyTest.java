package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.port.out.azure.MarketplaceOperation;

class AzureOperationPolicyTest {

    @Test
    void givenEmptySetting_thenEveryChangeIsAccepted() {
        for (String setting : new String[] {null, "", "  ", "accept-all"}) {
            AzureOperationPolicy policy = AzureOperationPolicy.parse(setting);

            assertTrue(policy.decide(AzureAction.CHANGE_PLAN, plan("enterprise")).accepted(), setting);
            assertTrue(policy.decide(AzureAction.CHANGE_QUANTITY, seats(100_000)).accepted(), setting);
            assertTrue(policy.decide(AzureAction.REINSTATE, reinstate()).accepted(), setting);
        }
    }

    @Test
    void givenDeclineAll_thenEveryChangeIsDeclined() {
        AzureOperationPolicy policy = AzureOperationPolicy.parse("decline-all");

        assertFalse(policy.decide(AzureAction.CHANGE_PLAN, plan("basic")).accepted());
        assertFalse(policy.decide(AzureAction.CHANGE_QUANTITY, seats(1)).accepted());
        assertFalse(policy.decide(AzureAction.REINSTATE, reinstate()).accepted());
    }

    @Test
    void givenRules_thenOnlyWhatTheyNameIsDeclined() {
        AzureOperationPolicy policy = AzureOperationPolicy.parse(" decline-plans = enterprise, gold ;max-quantity=50;");

        assertFalse(policy.decide(AzureAction.CHANGE_PLAN, plan("gold")).accepted());
        assertFalse(policy.decide(AzureAction.CHANGE_PLAN, plan("enterprise")).accepted());
        assertTrue(policy.decide(AzureAction.CHANGE_PLAN, plan("team")).accepted());
        assertTrue(policy.decide(AzureAction.CHANGE_QUANTITY, seats(50)).accepted());
        assertFalse(policy.decide(AzureAction.CHANGE_QUANTITY, seats(51)).accepted());
        assertTrue(policy.decide(AzureAction.REINSTATE, reinstate()).accepted());
        assertFalse(AzureOperationPolicy.parse("decline-reinstate").decide(AzureAction.REINSTATE, reinstate())
                .accepted());
        assertEquals("accept-all;decline-plans=enterprise,gold;max-quantity=50", policy.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"decline-al", "max-quantity=", "max-quantity=many", "max-quantity=0",
            "decline-plans", "decline-all=yes", "accept everything"})
    void givenUnknownOrBadRule_thenSettingRefused(String setting) {
        assertThrows(IllegalArgumentException.class, () -> AzureOperationPolicy.parse(setting));
    }

    private static MarketplaceOperation plan(String planId) {
        return operation("ChangePlan", planId, null);
    }

    private static MarketplaceOperation seats(int quantity) {
        return operation("ChangeQuantity", "team", quantity);
    }

    private static MarketplaceOperation reinstate() {
        return operation("Reinstate", "team", null);
    }

    private static MarketplaceOperation operation(String action, String planId, Integer quantity) {
        return new MarketplaceOperation("op-1", "activity-1", "sub-1", "offer", planId, quantity, action, "InProgress",
                Instant.parse("2026-03-02T10:00:00Z"));
    }
}
