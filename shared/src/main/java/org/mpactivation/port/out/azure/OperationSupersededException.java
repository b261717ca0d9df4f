package org.mpactivation.port.out.azure;

/**
 * The operation is no longer in progress (409): a newer operation superseded it, or it was already answered or
 * settled. The update changed nothing; read the subscription to learn its state.
 */
public class OperationSupersededException extends RuntimeException {

    public OperationSupersededException(String message, Throwable cause) {
        super(message, cause);
    }
}
