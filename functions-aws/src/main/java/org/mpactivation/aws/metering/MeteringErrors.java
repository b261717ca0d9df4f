package org.mpactivation.aws.metering;

import java.util.Set;
import org.mpactivation.adapter.aws.AwsClientException;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsServiceException;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed BatchMeterUsage call means for the metering: throttling and unavailability are
 * retried, a refusal of our credentials or configuration is an outage ({@link MarketplaceAccessException}),
 * anything else the API refuses is a verdict on the batch ({@link MeteringRejectedException} with its
 * reason). Only the error code is logged, never the records.
 */
final class MeteringErrors {

    private static final Logger LOG = LoggerFactory.getLogger(MeteringErrors.class);

    /** The error code AWS answers for a bad LicenseArn. */
    static final String INVALID_LICENSE_CODE = "InvalidLicenseException";
    /** The error code AWS answers for a request that breaks the model's constraints. */
    static final String VALIDATION_CODE = "ValidationException";
    /**
     * Error codes that say our credentials or configuration failed, not the request: the common AWS errors
     * for denied access and unknown, invalid, expired or unsigned credentials, and the API disabled.
     */
    static final Set<String> ACCESS_CODES = Set.of(
            "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidClientTokenId",
            "ExpiredTokenException", "ExpiredToken", "DisabledApiException", "NotAuthorized", "OptInRequired",
            "MissingAuthenticationTokenException", "MissingAuthenticationToken", "IncompleteSignature",
            "IncompleteSignatureException", "InvalidSignatureException", "SignatureDoesNotMatch");
    /**
     * The codes the AWS SDKs treat as throttling (besides HTTP 429): Metering's own
     * {@code ThrottlingException} and the generic ones any AWS front end may answer.
     */
    static final Set<String> THROTTLING_CODES = Set.of(
            "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException",
            "RequestThrottled", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "SlowDown", "TransactionInProgressException",
            "PriorRequestNotComplete", "EC2ThrottledException");

    private MeteringErrors() {
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.errorCode();
            int httpStatus = service.status();
            LOG.warn("BatchMeterUsage failed: {} (HTTP {})", code, httpStatus);
            if (THROTTLING_CODES.contains(code) || httpStatus == 429) {
                return new MarketplaceThrottledException("BatchMeterUsage throttled: " + code, e);
            }
            if (ACCESS_CODES.contains(code) || httpStatus == 401 || httpStatus == 403) {
                return new MarketplaceAccessException("BatchMeterUsage refused our credentials: " + code, e);
            }
            if ("InternalServiceErrorException".equals(code) || httpStatus >= 500) {
                return new MarketplaceUnavailableException("BatchMeterUsage failed: " + code, e);
            }
            return new MeteringRejectedException(reason(code), "BatchMeterUsage refused the batch: " + code, e);
        }
        if (e instanceof CredentialsNotLoaded) {
            LOG.warn("BatchMeterUsage not sent: our credentials could not be loaded");
            return new MarketplaceAccessException("BatchMeterUsage not sent: credentials could not be loaded", e);
        }
        LOG.warn("BatchMeterUsage failed: {}", e.getClass().getSimpleName());
        if (e instanceof AwsClientException) {
            return new MarketplaceUnavailableException("BatchMeterUsage not answered: " + e.getClass().getSimpleName(), e);
        }
        return new MarketplaceUnavailableException("BatchMeterUsage failed: " + e.getClass().getSimpleName(), e);
    }

    private static Reason reason(String code) {
        return switch (code) {
            case VALIDATION_CODE -> Reason.VALIDATION;
            case "TimestampOutOfBoundsException" -> Reason.TIMESTAMP_OUT_OF_BOUNDS;
            case "InvalidUsageDimensionException" -> Reason.INVALID_DIMENSION;
            case "InvalidCustomerIdentifierException" -> Reason.INVALID_CUSTOMER;
            case "InvalidProductCodeException" -> Reason.INVALID_PRODUCT;
            case INVALID_LICENSE_CODE -> Reason.INVALID_LICENSE;
            default -> Reason.OTHER;
        };
    }

    /**
     * The credentials of {@link JsonAwsMetering}'s client: a failure to load them (an expired role session, an
     * unreachable credentials endpoint, missing variables) is told apart from a failed call, so it is reported
     * as an outage of our access rather than of the marketplace. The client asks for them before sending, so
     * nothing is sent.
     */
    static final class OwnCredentials implements AwsCredentialSource {
        private final AwsCredentialSource delegate;

        OwnCredentials(AwsCredentialSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public AwsCredentials credentials() {
            try {
                return delegate.credentials();
            } catch (RuntimeException e) {
                throw new CredentialsNotLoaded(e);
            }
        }
    }

    /** Our credentials source failed (the cause). */
    static final class CredentialsNotLoaded extends RuntimeException {
        CredentialsNotLoaded(Throwable cause) {
            super("the credentials could not be loaded: " + cause.getClass().getSimpleName(), cause);
        }
    }
}
