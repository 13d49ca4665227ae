package dev.hive.runner.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test is expected to fail (the original Hive's {@code should_panic}): it passes when it throws, and fails
 * with "expected a failure, but the test passed" when it returns normally. A failed assumption still skips
 * the test, and a time limit or a lost target is still an infrastructure error.
 *
 * <pre>{@code
 * @Test
 * @ExpectedFailure(value = ProbeException.class, message = "out of range")
 * void readingOutsideMemoryFails(ProbeInfo probe) throws Exception { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ExpectedFailure {

    /** The type the test must throw (or a subtype of it); any throwable by default. */
    Class<? extends Throwable> value() default Throwable.class;

    /** Text the failure's message must contain; empty (the default) accepts any message. */
    String message() default "";
}
