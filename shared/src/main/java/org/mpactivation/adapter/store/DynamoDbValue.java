package org.mpactivation.adapter.store;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One DynamoDB attribute value, as the low-level API carries it: each record is one of the JSON
 * members {@code S}, {@code N}, {@code B}, {@code BOOL}, {@code NULL}, {@code L}, {@code M}, {@code SS},
 * {@code NS} and {@code BS}. The store itself writes only {@link S} and {@link N}; the others are here so
 * that any item a table holds can be read (and reported as not ours) instead of failing the parse.
 *
 * <p>Numbers stay the decimal strings DynamoDB sends: it keeps 38 digits, more than a {@code double}.
 */
public sealed interface DynamoDbValue {

    static S s(String value) {
        return new S(value);
    }

    static N n(long value) {
        return new N(Long.toString(value));
    }

    /** The string, or null when this is not an {@code S}. */
    default String asString() {
        return this instanceof S s ? s.value() : null;
    }

    /** The number's decimal text, or null when this is not an {@code N}. */
    default String asNumber() {
        return this instanceof N n ? n.value() : null;
    }

    record S(String value) implements DynamoDbValue {
        public S {
            Objects.requireNonNull(value, "value");
        }
    }

    record N(String value) implements DynamoDbValue {
        public N {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Binary: base64 in the JSON, raw bytes here. */
    record B(byte[] value) implements DynamoDbValue {
        public B {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof B b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "B[" + value.length + " bytes]";
        }
    }

    record Bool(boolean value) implements DynamoDbValue {
    }

    record Null() implements DynamoDbValue {
    }

    record L(List<DynamoDbValue> values) implements DynamoDbValue {
        public L {
            values = List.copyOf(values);
        }
    }

    record M(Map<String, DynamoDbValue> values) implements DynamoDbValue {
        public M {
            values = Map.copyOf(values);
        }
    }

    record Ss(List<String> values) implements DynamoDbValue {
        public Ss {
            values = List.copyOf(values);
        }
    }

    record Ns(List<String> values) implements DynamoDbValue {
        public Ns {
            values = List.copyOf(values);
        }
    }

    /** A binary set; compared by the bytes of its members, in order. */
    record Bs(List<byte[]> values) implements DynamoDbValue {
        public Bs {
            values = values.stream().map(byte[]::clone).toList();
        }

        @Override
        public List<byte[]> values() {
            return values.stream().map(byte[]::clone).toList();
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Bs bs) || bs.values.size() != values.size()) {
                return false;
            }
            for (int i = 0; i < values.size(); i++) {
                if (!Arrays.equals(values.get(i), bs.values.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int hash = 1;
            for (byte[] member : values) {
                hash = 31 * hash + Arrays.hashCode(member);
            }
            return hash;
        }

        @Override
        public String toString() {
            return "Bs[" + values.size() + " members]";
        }
    }
}
