package org.mpactivation.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Checks that a record whose {@code equals} and {@code hashCode} are written out (to keep
 * {@code java.lang.runtime.ObjectMethods} off a cold start's path) still means what the generated ones mean:
 * a copy made from the same components is equal with the same hash code, and a copy that differs in any one
 * component is not equal. A component's different value comes from {@code alternates} by its type, else from
 * the built-in ones (strings, numbers, booleans, instants, enums), else null where the original is not.
 */
public final class RecordEquality {

    private RecordEquality() {
    }

    public static <R extends Record> void check(R sample, Map<Class<?>, UnaryOperator<Object>> alternates) {
        RecordComponent[] components = sample.getClass().getRecordComponents();
        Object[] values = Arrays.stream(components).map(component -> read(component, sample)).toArray();
        Object same = construct(sample, components, values.clone());
        assertEquals(sample, same, "a copy with the same components");
        assertEquals(sample.hashCode(), same.hashCode(), "the hash code of a copy with the same components");
        for (int i = 0; i < components.length; i++) {
            Object[] changed = values.clone();
            changed[i] = alternate(components[i].getType(), values[i], alternates);
            Object copy = construct(sample, components, changed);
            assertNotEquals(sample, copy, "a copy whose " + components[i].getName() + " differs");
            assertNotEquals(copy, sample, "a copy whose " + components[i].getName() + " differs (reversed)");
        }
        assertNotEquals(sample, null);
        assertNotEquals(sample, new Object());
    }

    private static Object alternate(Class<?> type, Object value, Map<Class<?>, UnaryOperator<Object>> alternates) {
        UnaryOperator<Object> given = alternates.get(type);
        if (given != null) {
            return given.apply(value);
        }
        if (type == String.class) {
            return value == null ? "alternate" : value + "-alternate";
        }
        if (type == int.class || type == Integer.class) {
            return value == null ? 7 : (Integer) value + 1;
        }
        if (type == long.class || type == Long.class) {
            return value == null ? 7L : (Long) value + 1;
        }
        if (type == boolean.class || type == Boolean.class) {
            return value == null ? Boolean.TRUE : !(Boolean) value;
        }
        if (type == Instant.class) {
            return value == null ? Instant.EPOCH : ((Instant) value).plus(Duration.ofSeconds(1));
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return List.of(constants).stream().filter(constant -> constant != value).findFirst()
                    .orElseThrow(() -> new AssertionError(type + " has one constant: give an alternate"));
        }
        if (value != null && !type.isPrimitive()) {
            return null;
        }
        throw new AssertionError("no alternate value of " + type.getName() + ": give one");
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + component.getName(), e);
        }
    }

    private static Object construct(Record sample, RecordComponent[] components, Object[] values) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = sample.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the canonical constructor refused " + Arrays.toString(values)
                    + ": give an alternate for the component it refuses", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + sample.getClass().getName(), e);
        }
    }
}
