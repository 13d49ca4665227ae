package dev.hive.runner.suite;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The runner's test class order: {@code @Order}, then the fully qualified class name; JUnit's {@code
 * OrderAnnotation} with a fixed tie-break.
 */
public final class HiveClassOrderer extends ClassOrderer.OrderAnnotation {

    static final Comparator<ClassDescriptor> ORDER = Comparator.comparingInt(HiveClassOrderer::order)
            .thenComparing(d -> d.getTestClass().getName());

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(ORDER);
    }

    private static int order(ClassDescriptor descriptor) {
        return descriptor.findAnnotation(Order.class).map(Order::value).orElse(Order.DEFAULT);
    }
}
