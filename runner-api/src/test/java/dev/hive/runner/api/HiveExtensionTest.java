package dev.hive.runner.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.spi.HiveSession;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs fixture hive tests through the JUnit launcher, with and without a runner's session. */
class HiveExtensionTest {

    static final TargetInfo MICROBIT = Targets.target("microbit", Architecture.ARM);

    /** Counts the test methods the guard sees and lets them run. */
    static final class CountingGuard implements InvocationInterceptor {
        final AtomicInteger tests = new AtomicInteger();

        @Override
        public void interceptTestMethod(
                Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext,
                ExtensionContext extensionContext)
                throws Throwable {
            tests.incrementAndGet();
            invocation.proceed();
        }
    }

    @Test
    void outsideARunnerHiveTestsAreSkippedWithTheReason() {
        var outcomes = run(null, ExtensionFixtures.Injection.class, ExtensionFixtures.Expected.class);
        assertThat(outcomes)
                .isEqualTo(Map.of(
                        "Injection", "SKIPPED " + HiveExtension.NOT_ON_A_RACK,
                        "Expected", "SKIPPED " + HiveExtension.NOT_ON_A_RACK));
    }

    @Test
    void testsReceiveProbeTargetChannelAndContext() {
        var outcomes = run(session(MICROBIT, new CountingGuard()), ExtensionFixtures.Injection.class);
        assertThat(outcomes).containsExactlyEntriesOf(Map.of("receivesTheContext", "SUCCESSFUL"));
    }

    @Test
    void contractsSkipWithTheirReasonWhereTheyExclude() {
        var outcomes = run(
                session(MICROBIT, new CountingGuard()),
                ExtensionFixtures.Contracted.class,
                ExtensionFixtures.ClassContract.class);
        assertThat(outcomes)
                .isEqualTo(Map.of(
                        "riscvOnly", "SKIPPED only for RISCV targets; microbit is ARM",
                        "everywhere", "SUCCESSFUL",
                        "ClassContract", "SKIPPED only for targets matching sifive_e; not for microbit"));

        var onSifive = run(
                session(Targets.target("sifive_e", Architecture.RISCV), new CountingGuard()),
                ExtensionFixtures.Contracted.class,
                ExtensionFixtures.ClassContract.class);
        assertThat(onSifive).containsOnlyKeys("riscvOnly", "everywhere", "first", "second");
        assertThat(onSifive.values()).containsOnly("SUCCESSFUL");
    }

    @Test
    void expectedFailuresPassWhenTheyThrowAndFailWhenTheyDoNot() {
        var outcomes = run(session(MICROBIT, new CountingGuard()), ExtensionFixtures.Expected.class);
        assertThat(outcomes)
                .isEqualTo(Map.of(
                        "throwsAsExpected", "SUCCESSFUL",
                        "passesUnexpectedly", "FAILED expected a failure, but the test passed"));
    }

    @Test
    void theRunnersGuardSeesEveryTestInvocation() {
        var guard = new CountingGuard();
        run(session(MICROBIT, guard), ExtensionFixtures.Contracted.class, ExtensionFixtures.Expected.class);
        assertThat(guard.tests).as("contract-skipped tests are never invoked").hasValue(3);
    }

    static HiveSession session(TargetInfo target, InvocationInterceptor guard) {
        return new HiveSession(
                new HiveContext(Targets.probe(2), target, Targets.channel(2), Set.of("virtual", "uart")), guard);
    }

    /** Runs the classes and returns each test's (or skipped class's) outcome by its display name. */
    static Map<String, String> run(HiveSession hive, Class<?>... classes) {
        var outcomes = new TreeMap<String, String>();
        var listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                outcomes.put(name(id), "SKIPPED " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    outcomes.put(
                            name(id),
                            result.getStatus()
                                    + result.getThrowable()
                                            .map(t -> " " + t.getMessage())
                                            .orElse(""));
                }
            }
        };
        var request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> type : classes) {
            request.selectors(selectClass(type));
        }
        try (var session = LauncherFactory.openSession()) {
            if (hive != null) {
                session.getStore().put(Namespace.create(HiveSession.NAMESPACE), HiveSession.KEY, hive);
            }
            session.getLauncher().execute(request.build(), listener);
        }
        return outcomes;
    }

    static String name(TestIdentifier id) {
        String name = id.getDisplayName();
        name = name.substring(name.lastIndexOf('$') + 1);
        return name.contains("(") ? name.substring(0, name.indexOf('(')) : name;
    }
}
