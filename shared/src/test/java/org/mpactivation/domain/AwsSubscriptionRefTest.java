package org.mpactivation.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * AWS's identifiers have documented lengths (product code and customer identifier at most 255
 * characters); a longer one in a notice is malformed input, refused before it reaches a store key.
 */
class AwsSubscriptionRefTest {

    private static final String LONG = "c".repeat(256);

    @Test
    void givenIdentifiersWithinAwsLimits_thenAccepted() {
        assertDoesNotThrow(() -> new AwsSubscriptionRef("p".repeat(255), "c".repeat(255), "123456789012",
                "arn:aws:license-manager::123456789012:license:l-" + "a".repeat(900), "agmt-" + "a".repeat(250)));
    }

    @Test
    void givenTooLongIdentifier_thenRefusedAsInvalid() {
        assertThrows(IllegalArgumentException.class, () -> new AwsSubscriptionRef("prod", LONG, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AwsSubscriptionRef(LONG, "cust", null, null));
        assertThrows(IllegalArgumentException.class, () -> new AwsSubscriptionRef("prod", "cust", LONG, null));
        assertThrows(IllegalArgumentException.class,
                () -> new AwsSubscriptionRef("prod", null, null, "arn:" + "a".repeat(1100)));
        assertThrows(IllegalArgumentException.class,
                () -> new AwsSubscriptionRef(null, null, null, null, "agmt-" + LONG));
    }
}
