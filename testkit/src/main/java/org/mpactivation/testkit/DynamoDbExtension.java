package org.mpactivation.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Resolves test constructor, lifecycle and test method parameters of type {@link DynamoDbEndpoint} and
 * {@link DynamoDbClient} from one engine. A client is made once per extension context (the test method,
 * or the class for constructor and {@code @BeforeAll} parameters) and closed with it. Use the concrete
 * {@link DynaliteExtension} or {@link LocalStackExtension}.
 */
public abstract class DynamoDbExtension implements ParameterResolver {

    /** The engine to hand out; called for every resolved parameter. */
    protected abstract DynamoDbEndpoint endpoint();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DynamoDbEndpoint.class || type == DynamoDbClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DynamoDbEndpoint endpoint = endpoint();
        if (parameter.getParameter().getType() == DynamoDbEndpoint.class) {
            return endpoint;
        }
        // JUnit closes AutoCloseable values when their context ends; a DynamoDbClient is one
        return context.getStore(ExtensionContext.Namespace.create(getClass(), endpoint.endpoint()))
                .getOrComputeIfAbsent(DynamoDbClient.class, key -> endpoint.client(), DynamoDbClient.class);
    }
}
