package org.mpactivation.simulator.azure;

/** The statuses of a usage event's result, as the Marketplace Metering API names them. */
public enum UsageStatus {
    Accepted,
    Expired,
    Duplicate,
    Error,
    ResourceNotFound,
    ResourceNotAuthorized,
    ResourceNotActive,
    InvalidDimension,
    InvalidQuantity,
    BadArgument
}
