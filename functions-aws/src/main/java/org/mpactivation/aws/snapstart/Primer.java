package org.mpactivation.aws.snapstart;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * One piece of work run before the snapshot so that its classes are loaded and its code warmed: it must
 * have no effect outside the process (no store write, no marketplace call, no mail).
 *
 * @param name what it warms (pages, json, passwords, dynamodb, ...)
 * @param work does it once and says how many units it did (pages rendered, calls answered, ...)
 */
public record Primer(String name, IntSupplier work) {

    public Primer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(work, "work");
    }
}
