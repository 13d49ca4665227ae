package dev.hive.rack.catalog;

import java.util.Collection;
import java.util.stream.Collectors;

/** A target name that the catalog does not hold; the message lists close matches. */
public final class UnknownTargetException extends IllegalArgumentException {

    public UnknownTargetException(String name, Collection<String> suggestions) {
        super(
                suggestions.isEmpty()
                        ? "unknown target '" + name + "': it is not in the target catalog"
                        : "unknown target '" + name + "': it is not in the target catalog; did you mean "
                                + suggestions.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + "?");
    }
}
