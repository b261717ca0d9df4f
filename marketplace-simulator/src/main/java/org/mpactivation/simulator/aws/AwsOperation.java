package org.mpactivation.simulator.aws;

import java.util.Optional;

/** The marketplace operations the simulator answers, with the {@code X-Amz-Target} each is called by. */
public enum AwsOperation {
    RESOLVE_CUSTOMER("AWSMPMeteringService", "ResolveCustomer"),
    BATCH_METER_USAGE("AWSMPMeteringService", "BatchMeterUsage"),
    GET_ENTITLEMENTS("AWSMPEntitlementService", "GetEntitlements");

    private final String targetPrefix;
    private final String operationName;

    AwsOperation(String targetPrefix, String operationName) {
        this.targetPrefix = targetPrefix;
        this.operationName = operationName;
    }

    /** The service's target prefix, e.g. {@code AWSMPMeteringService}. */
    public String targetPrefix() {
        return targetPrefix;
    }

    /** The wire name of the operation, e.g. {@code BatchMeterUsage}. */
    public String operationName() {
        return operationName;
    }

    /** The full {@code X-Amz-Target} header value, e.g. {@code AWSMPMeteringService.BatchMeterUsage}. */
    public String target() {
        return targetPrefix + "." + operationName;
    }

    /** The operation a target header names, if the simulator knows it. */
    public static Optional<AwsOperation> forTarget(String target) {
        if (target == null) {
            return Optional.empty();
        }
        for (AwsOperation operation : values()) {
            if (operation.target().equals(target.trim())) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
