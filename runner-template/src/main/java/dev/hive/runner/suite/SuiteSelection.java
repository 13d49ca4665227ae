package dev.hive.runner.suite;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.hive.protocol.run.TestSelection;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;

/**
 * A {@link TestSelection} as JUnit Platform discovery selectors and tag filters over the runner's hive test
 * classes. A selected class must be one of them (or a class nested in one); a selected method, named without its
 * parameters, selects every method of that name in the class. What does not exist is a {@link
 * SelectionException} naming it.
 */
final class SuiteSelection {

    private final List<String> hiveClasses;
    private final ClassLoader loader;

    SuiteSelection(List<String> hiveClasses, ClassLoader loader) {
        this.hiveClasses = hiveClasses;
        this.loader = loader;
    }

    /** The selectors: every hive test class when {@code selection} names no test. */
    List<DiscoverySelector> selectors(TestSelection selection) {
        var selectors = new ArrayList<DiscoverySelector>();
        if (selection.tests().isEmpty()) {
            hiveClasses.forEach(name -> selectors.add(selectClass(loader, name)));
            return selectors;
        }
        for (String entry : selection.tests()) {
            int hash = entry.indexOf('#');
            String className = (hash < 0 ? entry : entry.substring(0, hash)).strip();
            List<Class<?>> chain = enclosingChain(entry, className);
            Class<?> type = chain.get(chain.size() - 1);
            List<Class<?>> enclosing = chain.subList(0, chain.size() - 1);
            if (hash < 0) {
                selectors.add(enclosing.isEmpty() ? selectClass(type) : selectNestedClass(enclosing, type));
                continue;
            }
            String methodName = entry.substring(hash + 1).strip();
            List<Method> methods = methods(type, methodName);
            if (methods.isEmpty()) {
                throw new SelectionException("--select " + entry + ": " + className + " has no method " + methodName);
            }
            for (Method method : methods) {
                selectors.add(
                        enclosing.isEmpty() ? selectMethod(type, method) : selectNestedMethod(enclosing, type, method));
            }
        }
        return selectors;
    }

    /** The tag filters of {@code selection}; a malformed expression is a {@link SelectionException}. */
    static List<PostDiscoveryFilter> filters(TestSelection selection) {
        var filters = new ArrayList<PostDiscoveryFilter>();
        try {
            if (!selection.includeTags().isEmpty()) {
                filters.add(TagFilter.includeTags(selection.includeTags()));
            }
            if (!selection.excludeTags().isEmpty()) {
                filters.add(TagFilter.excludeTags(selection.excludeTags()));
            }
        } catch (PreconditionViolationException e) {
            throw new SelectionException("a tag expression is malformed: " + e.getMessage());
        }
        return filters;
    }

    /** The hive test class named, or the classes from a hive test class down to the nested class named. */
    private List<Class<?>> enclosingChain(String entry, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            type = null;
        }
        var chain = new ArrayList<Class<?>>();
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            chain.add(c);
            if (hiveClasses.contains(c.getName())) {
                Collections.reverse(chain);
                return chain;
            }
        }
        throw new SelectionException("--select " + entry + ": the runner holds no hive test class " + className
                + " (its hive test classes: " + String.join(", ", hiveClasses) + ")");
    }

    private static List<Method> methods(Class<?> type, String name) {
        var found = new ArrayList<Method>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Arrays.stream(c.getDeclaredMethods())
                    .filter(m -> m.getName().equals(name) && !m.isSynthetic())
                    .filter(m -> found.stream().noneMatch(f -> overrides(f, m)))
                    .forEach(found::add);
        }
        return found;
    }

    private static boolean overrides(Method a, Method b) {
        return Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }
}
