package org.mpactivation.aws;

import java.util.Optional;
import org.mpactivation.observability.MarketplaceCalls;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Carries our request id to AWS Marketplace (as {@link #HEADER}, signed with the request) and logs
 * every call once, with AWS's own request id ({@code x-amzn-RequestId}) in the same line.
 */
public final class MarketplaceCallTracing implements ExecutionInterceptor {

    /** The header that names the request of ours that made the call. */
    public static final String HEADER = "x-correlation-id";
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("MarketplaceCallStarted");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder().putHeader(HEADER, MarketplaceCalls.correlationId()).build();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        log(Optional.of(context.httpResponse()), attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        log(context.httpResponse(), attributes);
    }

    private static void log(Optional<SdkHttpResponse> response, ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        long millis = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
        MarketplaceCalls.log("aws:" + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                response.map(SdkHttpResponse::statusCode).orElse(-1),
                response.flatMap(r -> r.firstMatchingHeader("x-amzn-RequestId")).orElse(null), millis);
    }
}
