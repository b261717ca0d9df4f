package org.mpactivation.aws.snapstart;

import java.util.Objects;

/**
 * What a handler serves with, and its SnapStart hooks, built on the same connections.
 *
 * @param target  the router or use case the handler calls
 * @param priming the hooks to register when the handler is constructed
 */
public record PrimedFunction<T>(T target, HandlerPriming priming) {

    public PrimedFunction {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(priming, "priming");
    }
}
