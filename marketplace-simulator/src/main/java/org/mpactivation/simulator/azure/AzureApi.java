package org.mpactivation.simulator.azure;

/** The calls the simulator answers, for counting and for programming faults. */
public enum AzureApi {
    RESOLVE,
    ACTIVATE,
    GET_SUBSCRIPTION,
    LIST_SUBSCRIPTIONS,
    LIST_AVAILABLE_PLANS,
    UPDATE_SUBSCRIPTION,
    DELETE_SUBSCRIPTION,
    LIST_OPERATIONS,
    GET_OPERATION,
    UPDATE_OPERATION,
    USAGE_EVENT,
    BATCH_USAGE_EVENT
}
