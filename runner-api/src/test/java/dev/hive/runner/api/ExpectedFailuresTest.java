package dev.hive.runner.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExpectedFailuresTest {

    @SuppressWarnings("unused")
    static class Cases {
        @ExpectedFailure
        void anyFailure() {}

        @ExpectedFailure(IOException.class)
        void ioFailure() {}

        @ExpectedFailure(value = IllegalStateException.class, message = "out of range")
        void outOfRange() {}
    }

    static ExpectedFailure expected(String method) throws NoSuchMethodException {
        return Cases.class.getDeclaredMethod(method).getAnnotation(ExpectedFailure.class);
    }

    @Test
    void aTestThatThrowsPasses() throws Exception {
        assertThatCode(() -> ExpectedFailures.judge(expected("anyFailure"), new AssertionError("boom")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectedFailures.judge(expected("ioFailure"), new java.io.EOFException("eof")))
                .as("a subtype")
                .doesNotThrowAnyException();
        assertThatCode(() -> ExpectedFailures.judge(
                        expected("outOfRange"), new IllegalStateException("address 0x10 is out of range")))
                .doesNotThrowAnyException();
    }

    @Test
    void aTestThatReturnsFails() throws Exception {
        assertThatThrownBy(() -> ExpectedFailures.judge(expected("anyFailure"), null))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("expected a failure, but the test passed");
        assertThatThrownBy(() -> ExpectedFailures.judge(expected("ioFailure"), null))
                .hasMessage("expected a failure of type java.io.IOException, but the test passed");
    }

    @Test
    void theWrongTypeFailsAndKeepsWhatWasThrown() throws Exception {
        var thrown = new UncheckedIOException(new IOException("disk"));
        assertThatThrownBy(() -> ExpectedFailures.judge(expected("ioFailure"), thrown))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("expected a failure of type java.io.IOException, but the test threw "
                        + "java.io.UncheckedIOException: java.io.IOException: disk")
                .hasCause(thrown);
    }

    @Test
    void theWrongMessageFails() throws Exception {
        assertThatThrownBy(() -> ExpectedFailures.judge(expected("outOfRange"), new IllegalStateException("halted")))
                .hasMessage("expected a failure of type java.lang.IllegalStateException with a message containing "
                        + "\"out of range\", but its message was \"halted\"");
    }

    @Test
    void aFailedAssumptionStillSkips() throws Exception {
        var aborted = new TestAbortedException("no probe");
        assertThatThrownBy(() -> ExpectedFailures.judge(expected("anyFailure"), aborted))
                .isSameAs(aborted);
    }
}
