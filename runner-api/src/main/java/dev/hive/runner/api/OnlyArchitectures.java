package dev.hive.runner.api;

import dev.hive.protocol.rack.Architecture;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Contract: the test (or every test of the class) applies only to targets of these architectures. On other
 * targets the result is SKIPPED with the reason, never left out.
 *
 * <pre>{@code @OnlyArchitectures(Architecture.RISCV)}</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface OnlyArchitectures {

    /** The architectures the test applies to. */
    Architecture[] value();
}
