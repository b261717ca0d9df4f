package org.mpactivation.simulator.azure;

/** The documented values of an operation's {@code status}. */
public enum OperationStatus {
    NotStarted,
    InProgress,
    Succeeded,
    Failed,
    Conflict
}
