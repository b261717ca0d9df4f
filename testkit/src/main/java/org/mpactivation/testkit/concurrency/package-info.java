/**
 * Concurrency support: {@link org.mpactivation.testkit.concurrency.ParallelCalls} releases many identical
 * calls at once, {@link org.mpactivation.testkit.concurrency.StoreEffects} says what kinds of items a run
 * added, so that fifty identical requests can be compared with one.
 */
package org.mpactivation.testkit.concurrency;
