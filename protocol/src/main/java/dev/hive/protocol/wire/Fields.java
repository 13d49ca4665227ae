package dev.hive.protocol.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks the compact constructors of the wire records share. Each names the field it checks, so a
 * message decoded from a peer, or built by our own code, fails with a sentence a user can act on.
 */
public final class Fields {

    private Fields() {}

    /** {@code value}, or a {@link NullPointerException} saying that {@code field} is required. */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " is required");
        }
        return value;
    }

    /** {@code value} if it is zero or more; an index such as a channel, stack or slot. */
    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    /** {@code value} if it is zero or more; a duration or a count. */
    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    /** {@code value} if it is greater than zero; a timeout. */
    public static long positive(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    /** {@code value} if it lies in {@code [min, max]}. */
    public static int inRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "%s must be between %d and %d, was %d".formatted(field, min, max, value));
        }
        return value;
    }

    /** An unmodifiable copy of a required list whose elements are all present. */
    public static <T> List<T> list(List<T> values, String field) {
        required(values, field);
        var copy = new ArrayList<T>(values.size());
        for (T value : values) {
            required(value, field + "[" + copy.size() + "]");
            copy.add(value);
        }
        return Collections.unmodifiableList(copy);
    }

    /** An unmodifiable copy of a required map, sorted by key, whose keys and values are all present. */
    public static <V> Map<String, V> map(Map<String, V> values, String field) {
        required(values, field);
        var copy = new TreeMap<String, V>();
        values.forEach((key, value) -> {
            required(key, field + " key");
            copy.put(key, required(value, field + "['" + key + "']"));
        });
        return Collections.unmodifiableMap(copy);
    }
}
