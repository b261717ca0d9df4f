package org.mpactivation.simulator.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** The behaviour settings a simulator was started with. Immutable. */
record SimulatorSettings(
        Clock clock,
        Duration tokenLifetime,
        boolean singleUseTokens,
        Duration meteringWindow,
        Duration billingMonthGrace,
        Duration futureTolerance,
        Map<AwsOperation, Integer> callsPerSecondQuotas) {

    SimulatorSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(meteringWindow, "meteringWindow");
        Objects.requireNonNull(billingMonthGrace, "billingMonthGrace");
        Objects.requireNonNull(futureTolerance, "futureTolerance");
        callsPerSecondQuotas = Map.copyOf(callsPerSecondQuotas);
    }

    /** The calls-per-second quota of an operation; 0 means unlimited. */
    int callsPerSecond(AwsOperation operation) {
        return callsPerSecondQuotas.getOrDefault(operation, 0);
    }
}
