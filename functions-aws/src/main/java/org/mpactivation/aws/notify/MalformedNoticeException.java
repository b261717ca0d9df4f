package org.mpactivation.aws.notify;

/**
 * A queued or posted notification that cannot be applied as it stands: not JSON, a missing field,
 * an unknown message type, action or detail type, a topic we do not listen to, or a product code
 * that does not belong to the topic it came on. Delivering it again will not help, so it goes to
 * the dead-letter queue (SQS) or is answered with 400 (SNS over HTTPS).
 *
 * <p>The message names the problem, never the field values: they come from outside.
 */
public final class MalformedNoticeException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedNoticeException(String problem) {
        super(problem);
    }

    public MalformedNoticeException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
