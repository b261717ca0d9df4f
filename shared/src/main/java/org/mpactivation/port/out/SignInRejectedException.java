package org.mpactivation.port.out;

/** A sign-in that did not prove who the buyer is. The message names the check that failed, never a token. */
public class SignInRejectedException extends RuntimeException {

    public SignInRejectedException(String reason) {
        super(reason);
    }

    public SignInRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
