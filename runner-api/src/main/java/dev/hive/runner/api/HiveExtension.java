package dev.hive.runner.api;

import dev.hive.runner.api.spi.HiveSession;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link HiveTest}; tests do not register it themselves. It injects {@link
 * ProbeInfo}, {@link TargetInfo}, {@link TestChannel} and {@link HiveContext} parameters, turns contracts into
 * skips with a reason, applies {@link ExpectedFailure}, and lets the runner guard every invocation of test code
 * (time limits, lost targets). Outside a Hive runner every hive test is skipped, since there is no rack.
 */
public final class HiveExtension implements ExecutionCondition, ParameterResolver, InvocationInterceptor {

    static final String NOT_ON_A_RACK = "hive tests run only on a Hive rack (start them with `hive test`)";

    /** The oldest JUnit Jupiter whose extension store has the launcher session scope the runner uses. */
    static final String JUNIT = "5.13";

    private static final Set<Class<?>> INJECTED =
            Set.of(ProbeInfo.class, TargetInfo.class, TestChannel.class, HiveContext.class);

    private static final InvocationInterceptor UNGUARDED = new InvocationInterceptor() {};

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<HiveSession> session;
        try {
            session = HiveSession.find(context);
        } catch (LinkageError oldJUnit) {
            // An IDE or Surefire with a JUnit Jupiter older than the runner's (no launcher session store): no rack.
            return ConditionEvaluationResult.disabled(
                    NOT_ON_A_RACK + "; JUnit Jupiter " + JUNIT + " or later is" + " needed to run them here");
        }
        if (session.isEmpty()) {
            return ConditionEvaluationResult.disabled(NOT_ON_A_RACK);
        }
        Optional<AnnotatedElement> element = context.getElement();
        if (element.isEmpty()) {
            return ConditionEvaluationResult.enabled("no contract");
        }
        HiveContext hive = session.get().context();
        return Contracts.violation(element.get(), hive.target(), hive.capabilities())
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled(
                        "contracts admit " + hive.target().name()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return injects(parameter.getParameter().getType());
    }

    /** Whether a test parameter of this type is injected by the rack (probe, target, testchannel, context). */
    public static boolean injects(Class<?> type) {
        return INJECTED.contains(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        HiveContext hive = HiveSession.find(context)
                .map(HiveSession::context)
                .orElseThrow(() -> new ParameterResolutionException(NOT_ON_A_RACK));
        Class<?> type = parameter.getParameter().getType();
        if (type == ProbeInfo.class) {
            return hive.probe();
        } else if (type == TargetInfo.class) {
            return hive.target();
        } else if (type == TestChannel.class) {
            return hive.channel();
        }
        return hive;
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(context).interceptTestMethod(judged(invocation, invocationContext), invocationContext, context);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(context).interceptTestTemplateMethod(judged(invocation, invocationContext), invocationContext, context);
    }

    @Override
    public <T> T interceptTestFactoryMethod(
            Invocation<T> invocation, ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
            throws Throwable {
        return guard(context).interceptTestFactoryMethod(invocation, invocationContext, context);
    }

    @Override
    public void interceptDynamicTest(
            Invocation<Void> invocation, DynamicTestInvocationContext invocationContext, ExtensionContext context)
            throws Throwable {
        guard(context).interceptDynamicTest(invocation, invocationContext, context);
    }

    @Override
    public <T> T interceptTestClassConstructor(
            Invocation<T> invocation,
            ReflectiveInvocationContext<Constructor<T>> invocationContext,
            ExtensionContext context)
            throws Throwable {
        return guard(context).interceptTestClassConstructor(invocation, invocationContext, context);
    }

    @Override
    public void interceptBeforeAllMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(context).interceptBeforeAllMethod(invocation, invocationContext, context);
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(context).interceptBeforeEachMethod(invocation, invocationContext, context);
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(context).interceptAfterEachMethod(invocation, invocationContext, context);
    }

    @Override
    public void interceptAfterAllMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        guard(context).interceptAfterAllMethod(invocation, invocationContext, context);
    }

    private static InvocationInterceptor guard(ExtensionContext context) {
        return HiveSession.find(context).map(HiveSession::guard).orElse(UNGUARDED);
    }

    /** The invocation with {@link ExpectedFailure} applied, if the method carries it. */
    private static Invocation<Void> judged(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext) {
        Optional<ExpectedFailure> expected =
                AnnotationSupport.findAnnotation(invocationContext.getExecutable(), ExpectedFailure.class);
        if (expected.isEmpty()) {
            return invocation;
        }
        return new Invocation<>() {
            @Override
            public Void proceed() throws Throwable {
                Throwable thrown = null;
                try {
                    invocation.proceed();
                } catch (Throwable t) {
                    thrown = t;
                }
                ExpectedFailures.judge(expected.get(), thrown);
                return null;
            }

            @Override
            public void skip() {
                invocation.skip();
            }
        };
    }
}
