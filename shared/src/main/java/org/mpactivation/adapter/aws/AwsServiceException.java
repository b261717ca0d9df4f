package org.mpactivation.adapter.aws;

/**
 * The service answered with an error: its HTTP status, its error code (the part of {@code __type} after
 * the last {@code #}, e.g. {@code ConditionalCheckFailedException}), its message and request id.
 */
public class AwsServiceException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final String requestId;

    public AwsServiceException(int status, String errorCode, String message, String requestId) {
        super(errorCode + " (HTTP " + status + ")" + (message == null || message.isEmpty() ? "" : ": " + message));
        this.status = status;
        this.errorCode = errorCode;
        this.requestId = requestId;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Null when the answer carried none. */
    public String requestId() {
        return requestId;
    }

    /** Whether this is the named error code. */
    public boolean is(String code) {
        return errorCode.equals(code);
    }
}
