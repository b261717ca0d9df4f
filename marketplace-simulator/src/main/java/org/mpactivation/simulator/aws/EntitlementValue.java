package org.mpactivation.simulator.aws;

import java.util.Objects;

/**
 * The value of an entitlement: exactly one of an integer, a double, a boolean or a string, as on the wire
 * ({@code IntegerValue}, {@code DoubleValue}, {@code BooleanValue}, {@code StringValue}).
 */
public final class EntitlementValue {

    /** Which of the four value members is set. */
    public enum Kind {
        INTEGER("IntegerValue"),
        DOUBLE("DoubleValue"),
        BOOLEAN("BooleanValue"),
        STRING("StringValue");

        private final String member;

        Kind(String member) {
            this.member = member;
        }

        /** The JSON member name that carries this kind of value. */
        public String member() {
            return member;
        }
    }

    private final Kind kind;
    private final Object value;

    private EntitlementValue(Kind kind, Object value) {
        this.kind = kind;
        this.value = Objects.requireNonNull(value, "value");
    }

    public static EntitlementValue ofInteger(int value) {
        return new EntitlementValue(Kind.INTEGER, value);
    }

    public static EntitlementValue ofDouble(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("an entitlement value must be a finite number");
        }
        return new EntitlementValue(Kind.DOUBLE, value);
    }

    public static EntitlementValue ofBoolean(boolean value) {
        return new EntitlementValue(Kind.BOOLEAN, value);
    }

    public static EntitlementValue ofString(String value) {
        return new EntitlementValue(Kind.STRING, value);
    }

    public Kind kind() {
        return kind;
    }

    /** The value: an {@link Integer}, {@link Double}, {@link Boolean} or {@link String} according to {@link #kind()}. */
    public Object value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntitlementValue that && kind == that.kind && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        return kind.member() + "=" + value;
    }
}
