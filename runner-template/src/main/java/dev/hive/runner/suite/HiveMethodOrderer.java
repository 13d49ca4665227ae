package dev.hive.runner.suite;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The runner's default test method order: {@code @Order} (methods without it come after those with it, as in
 * JUnit), then the method name, then the parameter types. The same on every run and every cell, unlike JUnit's
 * own default, which orders ties by hash codes. It is JUnit's {@code OrderAnnotation} with a fixed tie-break, and
 * says so to JUnit, which then knows that {@code @Order} takes effect. A class may still choose another order
 * with {@code @TestMethodOrder}.
 */
public final class HiveMethodOrderer extends MethodOrderer.OrderAnnotation {

    static final Comparator<MethodDescriptor> ORDER = Comparator.comparingInt(HiveMethodOrderer::order)
            .thenComparing(d -> d.getMethod().getName())
            .thenComparing(d -> parameterTypes(d.getMethod()));

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(ORDER);
    }

    private static int order(MethodDescriptor descriptor) {
        return descriptor.findAnnotation(Order.class).map(Order::value).orElse(Order.DEFAULT);
    }

    private static String parameterTypes(Method method) {
        return Arrays.stream(method.getParameterTypes()).map(Class::getName).collect(Collectors.joining(","));
    }
}
