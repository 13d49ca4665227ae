package dev.hive.runner.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Contract: the test (or every test of the class) needs all of these rack capabilities, as the rack
 * description lists them (for example {@code uart}, {@code gpio}, {@code virtual}). On a rack without one of
 * them the result is SKIPPED with the reason, never left out.
 *
 * <pre>{@code @RequiresCapability("gpio")}</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RequiresCapability {

    /** The capabilities the test needs; all must be present. */
    String[] value();
}
