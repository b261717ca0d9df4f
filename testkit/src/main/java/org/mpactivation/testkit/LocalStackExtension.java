package org.mpactivation.testkit;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(LocalStackExtension.class)}: where no Docker engine runs, every test of the class
 * is aborted (reported as skipped) with {@value LocalStackDynamoDb#NO_DOCKER}; elsewhere test
 * parameters of type {@link DynamoDbEndpoint} or {@code DynamoDbClient} point at the JVM-wide
 * {@link LocalStackDynamoDb#shared()} container. Resolve them in test methods or constructors
 * rather than {@code @BeforeAll} methods, which run before the check.
 */
public class LocalStackExtension extends DynamoDbExtension implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        LocalStackDynamoDb.assumeDocker();
    }

    @Override
    protected DynamoDbEndpoint endpoint() {
        LocalStackDynamoDb.assumeDocker();
        return LocalStackDynamoDb.shared().endpoint();
    }
}
