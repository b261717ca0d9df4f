package org.mpactivation.simulator.aws;

/**
 * Error types the simulator answers with: the {@code __type} code on the wire and the HTTP status. The SDK
 * turns a code its service model knows into the matching typed exception (for example
 * {@code ThrottlingException}); other codes surface as the service's base exception carrying the code.
 */
public enum MarketplaceError {
    /** Calls are throttled (the per-second quota, or an injected fault). The SDK retries it by default. */
    THROTTLING("ThrottlingException", 400),
    /** An internal error; retry. A server fault (5xx), so the SDK retries it by default. */
    INTERNAL_SERVICE_ERROR("InternalServiceErrorException", 500),
    /** The API is disabled in the Region. */
    DISABLED_API("DisabledApiException", 400),
    /**
     * The caller's credentials are not allowed the action (an IAM policy without it, a role of another
     * account). One of the errors common to all AWS APIs; JSON-protocol services answer it with HTTP 400.
     */
    ACCESS_DENIED("AccessDeniedException", 400),
    /** The access key is not known to AWS (a deleted key, a key of another partition). A common error. */
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    /** The access key id does not exist in AWS's records. A common error. */
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403),
    /** ResolveCustomer: the registration token is not valid. */
    INVALID_TOKEN("InvalidTokenException", 400),
    /**
     * ResolveCustomer: the registration token has expired (or was already redeemed, where tokens are single
     * use). Any operation: the session token of the caller's temporary credentials has expired.
     */
    EXPIRED_TOKEN("ExpiredTokenException", 400),
    /** BatchMeterUsage: the product code is not one the seller published. */
    INVALID_PRODUCT_CODE("InvalidProductCodeException", 400),
    /** BatchMeterUsage: a dimension is not one of the product's dimensions. */
    INVALID_USAGE_DIMENSION("InvalidUsageDimensionException", 400),
    /** BatchMeterUsage: usage metered for a CustomerIdentifier that does not exist. */
    INVALID_CUSTOMER_IDENTIFIER("InvalidCustomerIdentifierException", 400),
    /** BatchMeterUsage: a LicenseArn is not valid, does not match the customer or the product. */
    INVALID_LICENSE("InvalidLicenseException", 400),
    /** BatchMeterUsage: an allocation tag is not valid, or an allocation has more than 5 tags. */
    INVALID_TAG("InvalidTagException", 400),
    /** BatchMeterUsage: usage allocations are not valid (do not add up to the quantity, or too many). */
    INVALID_USAGE_ALLOCATIONS("InvalidUsageAllocationsException", 400),
    /** BatchMeterUsage: a record's timestamp is out of the allowed range; the whole batch is refused. */
    TIMESTAMP_OUT_OF_BOUNDS("TimestampOutOfBoundsException", 400),
    /** GetEntitlements: one or more parameters are not valid. */
    INVALID_PARAMETER("InvalidParameterException", 400),
    /** The input fails a constraint of the service model (length, range, list size, required member). */
    VALIDATION("ValidationException", 400),
    /** The request body is not a JSON object, or has the wrong content type. */
    SERIALIZATION("SerializationException", 400),
    /** The target names no operation the simulator answers. */
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    /** The request carries no SigV4 Authorization header. */
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    /** The Authorization header is not a complete SigV4 header. */
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    /** The SigV4 credential scope names another service than {@code aws-marketplace}. */
    INVALID_SIGNATURE("InvalidSignatureException", 403);

    private final String code;
    private final int httpStatus;

    MarketplaceError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The error code sent as {@code __type} (and in the {@code x-amzn-ErrorType} header). */
    public String code() {
        return code;
    }

    /** The HTTP status the error is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
