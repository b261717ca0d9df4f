package org.mpactivation.application;

/** A step was asked for before the steps it needs (a form posted out of order): go back to {@code page}. */
public class FlowStepException extends RuntimeException {

    private final String page;

    public FlowStepException(String page) {
        super("flow step missing: " + page);
        this.page = page;
    }

    public String page() {
        return page;
    }
}
