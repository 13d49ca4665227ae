package dev.hive.runner.suite;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Wraps every invocation of test code on one channel's visit of one target. Each invocation runs on a worker
 * thread while the channel's thread waits for whichever comes first: the invocation's end, its time limit
 * ({@code @Timeout} on the method, then on the class, then the run's default), or the loss of the target. A
 * test that hangs, even one that ignores interrupts, is left behind on its daemon thread and the run goes on.
 *
 * <p>After a loss every further invocation is skipped ("target lost: …"); once the run is stopping, no new test
 * starts, but the clean-up methods of a running one still run.
 */
final class TestGuard implements InvocationInterceptor {

    private final long defaultLimitMillis;
    private final TargetWatch watch;
    private final ExecutorService workers;

    TestGuard(long defaultLimitMillis, TargetWatch watch, ExecutorService workers) {
        this.defaultLimitMillis = defaultLimitMillis;
        this.watch = watch;
        this.workers = workers;
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(invocation, testLimit(invocationContext.getExecutable(), context), "", true);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(invocation, testLimit(invocationContext.getExecutable(), context), "", true);
    }

    @Override
    public <T> T interceptTestFactoryMethod(
            Invocation<T> invocation, ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
            throws Throwable {
        return guard(invocation, testLimit(invocationContext.getExecutable(), context), "", true);
    }

    @Override
    public void interceptDynamicTest(
            Invocation<Void> invocation, DynamicTestInvocationContext invocationContext, ExtensionContext context)
            throws Throwable {
        guard(invocation, classLimit(context).orElse(defaultLimitMillis), "", true);
    }

    @Override
    public <T> T interceptTestClassConstructor(
            Invocation<T> invocation,
            ReflectiveInvocationContext<Constructor<T>> invocationContext,
            ExtensionContext context)
            throws Throwable {
        return guard(invocation, defaultLimitMillis, "the constructor", true);
    }

    @Override
    public void interceptBeforeAllMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(invocation, lifecycleLimit(invocationContext), lifecycle("@BeforeAll", invocationContext), true);
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(invocation, lifecycleLimit(invocationContext), lifecycle("@BeforeEach", invocationContext), true);
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(invocation, lifecycleLimit(invocationContext), lifecycle("@AfterEach", invocationContext), false);
    }

    @Override
    public void interceptAfterAllMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(invocation, lifecycleLimit(invocationContext), lifecycle("@AfterAll", invocationContext), false);
    }

    /**
     * Runs {@code invocation} on a worker and waits for its end, its limit or the loss of the target.
     *
     * @param starts whether the invocation starts new work, which a stopping run does not begin
     */
    private <T> T guard(Invocation<T> invocation, long limitMillis, String what, boolean starts) throws Throwable {
        Optional<String> lost = watch.lost();
        if (lost.isPresent()) {
            invocation.skip();
            throw new TestAbortedException("target lost: " + lost.get());
        }
        Optional<String> stop = watch.stopReason();
        if (starts && stop.isPresent()) {
            invocation.skip();
            throw new TestAbortedException("run stopped: " + stop.get());
        }
        var outcome = new CompletableFuture<T>();
        var worker = new AtomicReference<Thread>();
        OutputRecorder recorder = OutputRouter.current();
        Future<?> task = workers.submit(() -> {
            worker.set(Thread.currentThread());
            OutputRouter.attach(recorder);
            try {
                outcome.complete(invocation.proceed());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            } finally {
                OutputRouter.attach(null);
            }
        });
        watch.enter(outcome);
        try {
            return outcome.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            Thread hung = worker.get();
            var timedOut = new TestTimedOutException(
                    what, limitMillis, hung == null ? new StackTraceElement[0] : hung.getStackTrace());
            task.cancel(true);
            throw timedOut;
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new TestAbortedException("the runner was interrupted");
        } finally {
            watch.leave();
        }
    }

    private long testLimit(Method method, ExtensionContext context) {
        return limitOf(method).or(() -> classLimit(context)).orElse(defaultLimitMillis);
    }

    private long lifecycleLimit(ReflectiveInvocationContext<Method> invocationContext) {
        return limitOf(invocationContext.getExecutable()).orElse(defaultLimitMillis);
    }

    /** {@code @Timeout} of the test class or one enclosing it. */
    private static Optional<Long> classLimit(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            Optional<Long> limit = limitOf(type.get());
            if (limit.isPresent()) {
                return limit;
            }
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        return Optional.empty();
    }

    private static Optional<Long> limitOf(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, Timeout.class)
                .map(t -> Math.max(1, t.unit().toMillis(t.value())));
    }

    private static String lifecycle(String kind, ReflectiveInvocationContext<Method> invocationContext) {
        Executable method = invocationContext.getExecutable();
        return kind + " " + method.getName() + "()";
    }
}
