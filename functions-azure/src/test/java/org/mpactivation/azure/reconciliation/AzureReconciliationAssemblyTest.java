package org.mpactivation.azure.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.AzureReconciliation;

class AzureReconciliationAssemblyTest {

    @Test
    void givenNoSetting_thenSevenDays() {
        assertEquals(AzureReconciliation.DEFAULT_ENDING_SOON, AzureReconciliationAssembly.endingSoon(Map.of()));
        assertEquals(Duration.ofDays(7), AzureReconciliation.DEFAULT_ENDING_SOON);
    }

    @Test
    void givenDays_thenThatPeriod() {
        assertEquals(Duration.ofDays(14), AzureReconciliationAssembly.endingSoon(
                Map.of(AzureReconciliationAssembly.ENDING_SOON_DAYS, " 14 ")));
    }

    @Test
    void givenNegativeOrNotANumber_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> AzureReconciliationAssembly.endingSoon(
                Map.of(AzureReconciliationAssembly.ENDING_SOON_DAYS, "-1")));
        assertThrows(IllegalArgumentException.class, () -> AzureReconciliationAssembly.endingSoon(
                Map.of(AzureReconciliationAssembly.ENDING_SOON_DAYS, "a week")));
    }
}
