package org.mpactivation.application;

/**
 * A code was refused because a limit across sessions was reached ({@link CodeLimits}); the
 * outstanding code, if any, was withdrawn. Maps to 429 with the wait, next to {@link #field()}.
 */
public class CodeLimitException extends RuntimeException {

    /** Which limit was reached. */
    public enum Kind { ADDRESS, ACCOUNT, CLIENT, CODE_CHECKS }

    private final Kind kind;
    private final long secondsLeft;
    private final String field;

    public CodeLimitException(Kind kind, long secondsLeft) {
        this(kind, secondsLeft, "code");
    }

    private CodeLimitException(Kind kind, long secondsLeft, String field) {
        super("code limit reached: " + kind);
        this.kind = kind;
        this.secondsLeft = Math.max(1, secondsLeft);
        this.field = field;
    }

    /** The same refusal, shown next to the form field the buyer typed the address or name into. */
    public CodeLimitException at(String formField) {
        return new CodeLimitException(kind, secondsLeft, formField);
    }

    public Kind kind() {
        return kind;
    }

    public long secondsLeft() {
        return secondsLeft;
    }

    /** Whole minutes to wait, rounded up. */
    public long minutesLeft() {
        return (secondsLeft + 59) / 60;
    }

    public String field() {
        return field;
    }
}
