package dev.hive.runner.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Contract: the test (or every test of the class) applies only to targets whose catalog name matches one of
 * the patterns. Patterns use {@code *} and {@code ?} and ignore case, as the run's target filter does. On other
 * targets the result is SKIPPED with the reason, never left out.
 *
 * <pre>{@code @OnlyTargets({"stm32*", "nrf52*"})}</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface OnlyTargets {

    /** Target name patterns; one must match. */
    String[] value();
}
