package org.mpactivation.testkit;

/**
 * {@code @ExtendWith(DynaliteExtension.class)}: test parameters of type {@link DynamoDbEndpoint} or
 * {@code DynamoDbClient} point at the JVM-wide {@link Dynalite#shared()} instance, started on first
 * use. Create tables with names unique to the test class: other classes share the engine.
 */
public class DynaliteExtension extends DynamoDbExtension {

    @Override
    protected DynamoDbEndpoint endpoint() {
        return Dynalite.shared().endpoint();
    }
}
