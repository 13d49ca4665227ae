package dev.hive.runner.api;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.run.Filter;
import java.lang.reflect.AnnotatedElement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Decides whether a test's (or a class's) contracts admit the current target and rack, and if not, why. The
 * reason becomes the SKIPPED result's message.
 */
final class Contracts {

    private Contracts() {}

    /** Why {@code element}'s contracts exclude {@code target} on a rack with {@code capabilities}; empty if none does. */
    static Optional<String> violation(AnnotatedElement element, TargetInfo target, Set<String> capabilities) {
        var onlyTargets = AnnotationSupport.findAnnotation(element, OnlyTargets.class);
        if (onlyTargets.isPresent()) {
            List<String> patterns = List.of(onlyTargets.get().value());
            if (patterns.isEmpty()
                    || !Filter.include(patterns.toArray(String[]::new)).matches(target.name())) {
                return Optional.of(
                        "only for targets matching " + String.join(", ", patterns) + "; not for " + target.name());
            }
        }
        var onlyArchitectures = AnnotationSupport.findAnnotation(element, OnlyArchitectures.class);
        if (onlyArchitectures.isPresent()) {
            List<Architecture> architectures = List.of(onlyArchitectures.get().value());
            if (!architectures.contains(target.architecture())) {
                return Optional.of("only for " + names(architectures) + " targets; " + target.name() + " is "
                        + target.architecture());
            }
        }
        var requires = AnnotationSupport.findAnnotation(element, RequiresCapability.class);
        if (requires.isPresent()) {
            var missing = Arrays.stream(requires.get().value())
                    .filter(c -> !capabilities.contains(c))
                    .toList();
            if (!missing.isEmpty()) {
                String offered = capabilities.isEmpty() ? "nothing" : String.join(", ", new TreeSet<>(capabilities));
                return Optional.of(
                        "needs the rack capability " + String.join(", ", missing) + "; this rack offers " + offered);
            }
        }
        return Optional.empty();
    }

    private static String names(List<Architecture> architectures) {
        return architectures.stream().map(Architecture::name).collect(Collectors.joining(" or "));
    }
}
