package org.mpactivation.aws.metering;

import java.util.Set;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.marketplacemetering.model.InternalServiceErrorException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidCustomerIdentifierException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidProductCodeException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidUsageDimensionException;
import software.amazon.awssdk.services.marketplacemetering.model.ThrottlingException;
import software.amazon.awssdk.services.marketplacemetering.model.TimestampOutOfBoundsException;

/**
 * What a failed BatchMeterUsage call means for the metering: throttling and unavailability are
 * retried, a refusal of our credentials or configuration is an outage ({@link MarketplaceAccessException}),
 * anything else the API refuses is a verdict on the batch ({@link MeteringRejectedException} with its
 * reason). Only the error code is logged, never the records.
 */
final class MeteringErrors {

    private static final Logger LOG = LoggerFactory.getLogger(MeteringErrors.class);

    /** The error code AWS answers for a bad LicenseArn; the pinned model does not know it. */
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

    private MeteringErrors() {
    }

    static RuntimeException translate(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = errorCode(service);
            int httpStatus = service.statusCode();
            LOG.warn("BatchMeterUsage failed: {} (HTTP {})", code, httpStatus);
            if (service instanceof ThrottlingException || service.isThrottlingException()) {
                return new MarketplaceThrottledException("BatchMeterUsage throttled: " + code, e);
            }
            if (ACCESS_CODES.contains(code) || httpStatus == 401 || httpStatus == 403) {
                return new MarketplaceAccessException("BatchMeterUsage refused our credentials: " + code, e);
            }
            if (service instanceof InternalServiceErrorException || httpStatus >= 500) {
                return new MarketplaceUnavailableException("BatchMeterUsage failed: " + code, e);
            }
            return new MeteringRejectedException(reason(service, code), "BatchMeterUsage refused the batch: " + code, e);
        }
        if (causedBy(e, CredentialsNotLoaded.class)) {
            LOG.warn("BatchMeterUsage not sent: our credentials could not be loaded");
            return new MarketplaceAccessException("BatchMeterUsage not sent: credentials could not be loaded", e);
        }
        LOG.warn("BatchMeterUsage failed: {}", e.getClass().getSimpleName());
        if (e instanceof SdkClientException) {
            return new MarketplaceUnavailableException("BatchMeterUsage not answered: " + e.getClass().getSimpleName(), e);
        }
        return new MarketplaceUnavailableException("BatchMeterUsage failed: " + e.getClass().getSimpleName(), e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Reason reason(AwsServiceException e, String code) {
        if (VALIDATION_CODE.equals(code)) {
            return Reason.VALIDATION;
        }
        if (e instanceof TimestampOutOfBoundsException) {
            return Reason.TIMESTAMP_OUT_OF_BOUNDS;
        }
        if (e instanceof InvalidUsageDimensionException) {
            return Reason.INVALID_DIMENSION;
        }
        if (e instanceof InvalidCustomerIdentifierException) {
            return Reason.INVALID_CUSTOMER;
        }
        if (e instanceof InvalidProductCodeException) {
            return Reason.INVALID_PRODUCT;
        }
        if (INVALID_LICENSE_CODE.equals(code)) {
            return Reason.INVALID_LICENSE;
        }
        return Reason.OTHER;
    }

    private static String errorCode(AwsServiceException e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            String code = e.awsErrorDetails().errorCode();
            int hash = code.lastIndexOf('#');
            return hash >= 0 ? code.substring(hash + 1) : code;
        }
        return e.getClass().getSimpleName();
    }

    /**
     * The credentials of clients built by {@link SdkAwsMetering#meteringClient}: a failure to load them (an expired role
     * session, an unreachable credentials endpoint, a missing profile) is told apart from a failed call, so it
     * is reported as an outage of our access rather than of the marketplace.
     */
    static final class OwnCredentials implements AwsCredentialsProvider {
        private final AwsCredentialsProvider delegate;

        OwnCredentials(AwsCredentialsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return delegate.resolveCredentials();
            } catch (RuntimeException e) {
                // Still an SdkClientException for every caller of the client; the cause marks it as ours.
                throw SdkClientException.builder()
                        .message("the credentials could not be loaded")
                        .cause(new CredentialsNotLoaded(e))
                        .build();
            }
        }
    }

    /** Our credentials provider failed (the cause). */
    static final class CredentialsNotLoaded extends RuntimeException {
        CredentialsNotLoaded(Throwable cause) {
            super("the credentials could not be loaded: " + cause.getClass().getSimpleName(), cause);
        }
    }
}
