package org.mpactivation.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Runs everywhere: the skip itself is part of the contract. */
class DockerCheckTest {

    @Test
    void theDockerCheckAnswersQuicklyAndExplainsTheSkip() {
        long begin = System.nanoTime();
        boolean available = LocalStackDynamoDb.dockerAvailable();
        assertTrue(System.nanoTime() - begin < 25_000_000_000L, "the check must not hang");
        if (!available) {
            TestAbortedException skipped = assertThrows(TestAbortedException.class, LocalStackDynamoDb::assumeDocker);
            assertTrue(skipped.getMessage().contains(LocalStackDynamoDb.NO_DOCKER), skipped.getMessage());
        }
    }
}
