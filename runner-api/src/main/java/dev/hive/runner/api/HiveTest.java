package dev.hive.runner.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit Jupiter test class as a hive test: the runner finds it, runs it once on every probe × target
 * combination of the rack, and its test methods may declare parameters of type {@link ProbeInfo}, {@link
 * TargetInfo}, {@link TestChannel} or {@link HiveContext} to receive the current channel's probe, the
 * connected target and the testchannel's I/O.
 *
 * <pre>{@code
 * @HiveTest
 * class MemoryTest {
 *     @Test
 *     void readsTheHeader(ProbeInfo probe, TargetInfo target) throws Exception {
 *         try (var session = MyProbeLibrary.open(probe.endpoint())) {
 *             assertEquals(0xC0FFEE00L, session.readU32(target.symbol("hive_header")));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Tests run in a deterministic order: {@code @Order}, then by name. Each test has a time limit (the run's
 * default, or {@code @Timeout}). See {@link ExpectedFailure}, {@link OnlyTargets}, {@link OnlyArchitectures}
 * and {@link RequiresCapability} for expected failures and contracts. Outside a Hive runner (in an IDE or
 * Maven's Surefire) hive tests are reported as skipped, since there is no rack to run them on.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HiveExtension.class)
public @interface HiveTest {}
