package dev.hive.runner.listing;

import dev.hive.protocol.listing.ListingProblem;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.suite.HiveTestScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Finds test classes that would run nowhere: concrete classes with JUnit Jupiter test methods that neither carry
 * {@link HiveTest} themselves nor are nested in a class that does. The runner only runs {@code @HiveTest}
 * classes, so such tests would silently be missing from every result. Like {@link HiveTestScanner}, it reads the
 * runner's own packages and the well-known libraries not at all, and loads only classes whose bytes name a test
 * annotation.
 */
final class UnmarkedTestClasses {

    private static final List<Class<? extends Annotation>> TEST_ANNOTATIONS =
            List.of(Test.class, ParameterizedTest.class, RepeatedTest.class, TestFactory.class, TestTemplate.class);

    private static final List<byte[]> MARKERS = TEST_ANNOTATIONS.stream()
            .map(a -> ("L" + a.getName().replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8))
            .toList();

    private final ClassLoader loader;

    UnmarkedTestClasses(ClassLoader loader) {
        this.loader = loader;
    }

    /** One problem per such class in {@code location} (a JAR or a class directory), naming its first test. */
    List<ListingProblem> problems(Path location) {
        var problems = new ArrayList<ListingProblem>();
        for (String name : candidates(location)) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (Modifier.isAbstract(type.getModifiers()) || marked(type)) {
                continue;
            }
            testMethods(type).stream()
                    .findFirst()
                    .ifPresent(method -> problems.add(new ListingProblem(
                            SourceFiles.of(type),
                            type.getName(),
                            method.getName(),
                            type.getName() + " has tests (" + method.getName()
                                    + ", ...) but no @HiveTest, so they would"
                                    + " run nowhere: annotate the class with @HiveTest")));
        }
        return problems;
    }

    private static boolean marked(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(HiveTest.class)) {
                return true;
            }
        }
        return false;
    }

    private static List<Method> testMethods(Class<?> type) {
        return Stream.of(type.getDeclaredMethods())
                .filter(m -> TEST_ANNOTATIONS.stream().anyMatch(a -> AnnotationSupport.isAnnotated(m, a)))
                .sorted(java.util.Comparator.comparing(Method::getName))
                .toList();
    }

    private List<String> candidates(Path location) {
        var names = new ArrayList<String>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String entry = location.relativize(file)
                                .toString()
                                .replace(file.getFileSystem().getSeparator(), "/");
                        if (HiveTestScanner.mayHoldHiveTest(entry) && namesATestAnnotation(Files.readAllBytes(file))) {
                            names.add(className(entry));
                        }
                    }
                }
            } else {
                try (var zip = new ZipFile(location.toFile())) {
                    var entries = zip.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry entry = entries.nextElement();
                        if (HiveTestScanner.mayHoldHiveTest(entry.getName())) {
                            try (InputStream in = zip.getInputStream(entry)) {
                                if (namesATestAnnotation(in.readAllBytes())) {
                                    names.add(className(entry.getName()));
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classes in " + location + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    static boolean namesATestAnnotation(byte[] classFile) {
        return MARKERS.stream().anyMatch(marker -> contains(classFile, marker));
    }

    private static boolean contains(byte[] data, byte[] marker) {
        outer:
        for (int i = 0; i <= data.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }
}
