package org.mpactivation.port.out.azure;

/** The status of one usage event in a Marketplace Metering answer, as the API names it. */
public enum UsageEventStatus {
    /** Billed; the answer carries the event's id. */
    Accepted,
    /** The event's hour is older than the metering window (24 hours). */
    Expired,
    /** That resource, dimension and hour already has an accepted event (with this or another quantity). */
    Duplicate,
    /** The service failed to process the event. */
    Error,
    /** No such subscription. */
    ResourceNotFound,
    /** The subscription is not ours to meter. */
    ResourceNotAuthorized,
    /** The subscription is not active (suspended, unsubscribed or not started). */
    ResourceNotActive,
    /** The subscription's plan has no such dimension. */
    InvalidDimension,
    /** The quantity is not greater than zero. */
    InvalidQuantity,
    /** The event is malformed, names another plan, or its hour is in the future. */
    BadArgument
}
