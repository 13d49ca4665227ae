package dev.hive.runner.listing;

import dev.hive.protocol.listing.ListingProblem;
import dev.hive.runner.api.HiveExtension;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Finds the parameters of a hive test method that nothing would resolve on the rack. Resolved are: what the
 * hive extension injects ({@link HiveExtension#injects}), what JUnit itself provides ({@link TestInfo}, {@link
 * TestReporter}, {@link RepetitionInfo}, {@code @TempDir} paths), and, in a {@link ParameterizedTest}, the leading
 * parameters its source supplies: the injected ones must come after the test's own. A test whose class or method
 * registers an extension of its own (not JUnit's, such as the one behind {@code @ParameterizedTest}) is not
 * judged, since that extension may resolve anything.
 */
final class ParameterCheck {

    private static final Set<Class<?>> JUNIT_PROVIDED =
            Set.of(TestInfo.class, TestReporter.class, RepetitionInfo.class);

    private ParameterCheck() {}

    /** The problems of {@code method} of {@code testClass} (the class it runs in, possibly a nested one). */
    static List<ListingProblem> problems(Class<?> testClass, Method method) {
        if (registersOwnExtensions(testClass, method)) {
            return List.of();
        }
        Parameter[] parameters = method.getParameters();
        boolean parameterized = AnnotationSupport.isAnnotated(method, ParameterizedTest.class);
        int lastOwn = -1;
        if (parameterized) {
            for (int i = 0; i < parameters.length; i++) {
                if (!resolved(parameters[i])) {
                    lastOwn = i;
                }
            }
        }
        var problems = new ArrayList<ListingProblem>();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            String which =
                    "parameter " + (i + 1) + " (" + parameter.getType().getTypeName() + ") of " + method.getName();
            if (parameterized && i < lastOwn && resolved(parameter)) {
                problems.add(problem(
                        testClass,
                        method,
                        which + " is injected but comes before parameter " + (lastOwn + 1)
                                + ", which the parameterized source supplies: put the injected parameters after"
                                + " the test's own"));
            } else if (!parameterized && !resolved(parameter)) {
                problems.add(problem(
                        testClass,
                        method,
                        which + ": nothing resolves this type on the rack; a hive test may take ProbeInfo,"
                                + " TargetInfo, TestChannel, HiveContext, TestInfo, TestReporter, RepetitionInfo"
                                + " or a @TempDir Path"));
            }
        }
        return problems;
    }

    private static boolean resolved(Parameter parameter) {
        Class<?> type = parameter.getType();
        return HiveExtension.injects(type)
                || JUNIT_PROVIDED.contains(type)
                || (parameter.isAnnotationPresent(TempDir.class) && (type == Path.class || type == File.class));
    }

    private static boolean registersOwnExtensions(Class<?> testClass, Method method) {
        if (ownExtendWith(Optional.of(method)) || hasOwnExtendWithOnParameters(method)) {
            return true;
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Class<?> s = c; s != null && s != Object.class; s = s.getSuperclass()) {
                if (ownExtendWith(Optional.of(s))
                        || !AnnotationSupport.findAnnotatedFields(
                                        s, RegisterExtension.class, f -> true, HierarchyTraversalMode.TOP_DOWN)
                                .isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean ownExtendWith(Optional<? extends java.lang.reflect.AnnotatedElement> element) {
        return AnnotationSupport.findRepeatableAnnotations(element, ExtendWith.class).stream()
                .flatMap(e -> java.util.Arrays.stream(e.value()))
                .anyMatch(type -> type != HiveExtension.class && !type.getName().startsWith("org.junit."));
    }

    private static boolean hasOwnExtendWithOnParameters(Method method) {
        for (Parameter parameter : method.getParameters()) {
            if (ownExtendWith(Optional.of(parameter))) {
                return true;
            }
        }
        return false;
    }

    private static ListingProblem problem(Class<?> testClass, Method method, String message) {
        return new ListingProblem(SourceFiles.of(testClass), testClass.getName(), method.getName(), message);
    }
}
