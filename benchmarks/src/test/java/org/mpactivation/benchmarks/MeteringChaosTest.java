package org.mpactivation.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proof of the billing core: one metering run over 1,000 subscriptions on dynalite with
 * throttling, unprocessed records, refused access for a while and the process killed at a random
 * write. The seed of the kill is printed; {@code -Dchaos.seed=N} replays one.
 */
class MeteringChaosTest {

    @Test
    void givenEveryFaultAtOnce_thenEveryUsageHourIsBilledExactlyOnceToItsBuyer() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println("chaos seed " + seed);
        MeteringChaos.Outcome outcome = MeteringChaos.run("dynalite", 1000, seed, System.out);

        assertEquals(List.of(), outcome.problems(), "seed " + seed);
        assertEquals(1000 * MeteringChaos.HOURS * 3, outcome.records());
        assertTrue(outcome.runs() >= 3, "the killed run, the outage, and the ones that finish");
    }
}
