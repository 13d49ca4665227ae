package dev.hive.protocol.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import java.time.Instant;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the codec says about lines that are not messages, and what it tolerates. */
class IpcCodecTest {

    private static final String CONNECT = "{\"type\":\"connect\",\"requestId\":1,%s\"stack\":0,\"slot\":0}";
    private static final String CELL =
            "{\"channel\":0,\"probe\":\"p\",\"probeSerial\":\"s\",\"stack\":0,\"slot\":0,\"target\":\"t\"}";

    private final IpcCodec codec = new IpcCodec();

    @Test
    void aLineThatIsNotAnObjectIsRefused() {
        for (String line : new String[] {"[1,2]", "42", "\"hello\"", "null", "true"}) {
            assertDecodeFails(line).hasMessage("line is not a JSON object");
        }
    }

    @Test
    void anEmptyLineIsRefused() {
        assertDecodeFails("").hasMessageContaining("line is empty");
        assertDecodeFails("   ").hasMessageContaining("line is empty");
    }

    @Test
    void brokenJsonIsRefusedWithTheParsersReason() {
        assertDecodeFails("{\"type\":\"cancel\",").hasMessageStartingWith("line is not valid JSON");
        assertDecodeFails("{type: cancel}").hasMessageStartingWith("line is not valid JSON");
        assertDecodeFails("{\"type\":\"cancel\",\"reason\":\"x\"} {}").hasMessageStartingWith("line is not valid JSON");
        assertDecodeFails("{\"type\":\"cancel\",\"reason\":\"x\",\"reason\":\"y\"}")
                .hasMessageContaining("Duplicate field 'reason'");
    }

    @Test
    void theTypeMustBeAKnownString() {
        assertDecodeFails("{\"type\":\"x\"}")
                .hasMessage("unknown message type 'x' (known: hello, welcome, refused, connect, disconnect,"
                        + " connected, testStarted, testFinished, log, runFailed, runFinished, targetLost, cancel)");
        assertDecodeFails("{\"type\":\"Hello\",\"protocolVersion\":1}")
                .hasMessageStartingWith("unknown message type 'Hello'");
        assertDecodeFails("{\"reason\":\"x\"}").hasMessage("message is missing required field 'type'");
        assertDecodeFails("{\"type\":null}").hasMessage("message is missing required field 'type'");
        assertDecodeFails("{\"type\":7}").hasMessage("field 'type' must be a string");
        assertDecodeFails("{\"type\":\"" + "x".repeat(1000) + "\"}").message().hasSizeLessThan(300);
    }

    @Test
    void aMissingOrNullFieldIsNamed() {
        assertDecodeFails(CONNECT.formatted("")).hasMessage("message 'connect' is missing required field 'channel'");
        assertDecodeFails(CONNECT.formatted("\"channel\":null,"))
                .hasMessage("field 'channel' of 'connect' must not be null");
        assertDecodeFails("{\"type\":\"hello\",\"protocolVersion\":1,\"runnerVersion\":\"1\"}")
                .hasMessage("message 'hello' is missing required field 'runId'");
        assertDecodeFails("{\"type\":\"runFinished\",\"summary\":{\"passed\":1,\"failed\":0,\"skipped\":0,"
                        + "\"durationMillis\":5}}")
                .hasMessage("message 'runFinished' is missing required field 'summary.errors'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"1\"  | must be an integer",
                "1.5   | must be an integer",
                "1e3   | must be an integer",
                "true  | must be an integer",
                "{}    | must be an integer",
                "[1]   | must be an integer",
                "99999999999 | must be an integer between -2147483648 and 2147483647",
            })
    void aFieldOfTheWrongTypeIsNamed(String value, String expectation) {
        assertDecodeFails(CONNECT.formatted("\"channel\":" + value + ","))
                .hasMessage("field 'channel' of 'connect' " + expectation)
                .hasCauseInstanceOf(JacksonException.class);
    }

    @Test
    void scalarsAreNotCoercedIntoEachOther() {
        assertDecodeFails("{\"type\":\"hello\",\"protocolVersion\":1,\"runId\":5,\"runnerVersion\":\"1\"}")
                .hasMessage("field 'runId' of 'hello' must be a string");
        assertDecodeFails("{\"type\":\"cancel\",\"reason\":false}")
                .hasMessage("field 'reason' of 'cancel' must be a string");
        assertDecodeFails("{\"type\":\"cancel\",\"reason\":{\"a\":1}}")
                .hasMessage("field 'reason' of 'cancel' must be a string");
        assertDecodeFails("{\"type\":\"connected\",\"requestId\":1,\"ok\":\"true\"}")
                .hasMessage("field 'ok' of 'connected' must be a boolean");
        assertDecodeFails("{\"type\":\"connected\",\"requestId\":1,\"ok\":1}")
                .hasMessage("field 'ok' of 'connected' must be a boolean");
        assertDecodeFails("{\"type\":\"runFinished\",\"summary\":\"all good\"}")
                .hasMessage("field 'summary' of 'runFinished' must be an object");
    }

    @Test
    void enumsTakeOnlyTheirNames() {
        for (String level : new String[] {"\"TRACE\"", "\"info\"", "\"\"", "2"}) {
            assertDecodeFails("{\"type\":\"log\",\"level\":" + level + ",\"message\":\"m\"}")
                    .hasMessage("field 'level' of 'log' must be one of ERROR, WARN, INFO, DEBUG");
        }
    }

    @Test
    void instantsAndUidsHaveOneSpelling() {
        String started = "{\"type\":\"testStarted\",\"testId\":\"t\",\"displayName\":\"d\",\"cell\":" + CELL
                + ",\"startedAt\":%s}";
        for (String bad : new String[] {"\"yesterday\"", "1763763303125", "\"2026-11-21 22:15:03\""}) {
            assertDecodeFails(started.formatted(bad))
                    .hasMessageStartingWith("field 'startedAt' of 'testStarted' must be an ISO-8601 instant");
        }
        String welcome = "{\"type\":\"welcome\",\"protocolVersion\":1,\"rack\":{\"name\":\"r\",\"capabilities\":[],"
                + "\"channels\":[],\"stacks\":[{\"index\":0,\"name\":\"s\",\"slots\":[{\"slot\":0,\"target\":"
                + "{\"name\":\"t\",\"architecture\":\"ARM\",\"core\":\"c\",\"memory\":[],\"flashOk\":true,"
                + "\"testprogram\":{\"name\":\"d\",\"uid\":%s,\"symbols\":{},\"defines\":{}}}}]}]},"
                + "\"options\":{\"testTimeoutMillis\":1,\"runTimeoutMillis\":2}}";
        for (String bad : new String[] {"\"8DC1DC22B8C201DB\"", "\"8dc1\"", "12345", "\"0x8dc1dc22b8c201d\""}) {
            assertDecodeFails(welcome.formatted(bad))
                    .hasMessage("field 'rack.stacks[0].slots[0].target.testprogram.uid' of 'welcome' must be 16"
                            + " lower-case hex digits");
        }
    }

    @Test
    void nestedFieldsAreNamedByTheirPath() {
        String welcome = "{\"type\":\"welcome\",\"protocolVersion\":1,\"rack\":{\"name\":\"r\",\"capabilities\":%s,"
                + "\"channels\":%s,\"stacks\":[]},\"options\":%s}";
        String options = "{\"testTimeoutMillis\":1,\"runTimeoutMillis\":2}";
        assertDecodeFails(welcome.formatted("[\"uart\",null]", "[]", options))
                .hasMessage("field 'rack.capabilities[1]' of 'welcome' must not be null");
        assertDecodeFails(welcome.formatted("[]", "[{\"probe\":null}]", options))
                .hasMessage("message 'welcome' is missing required field 'rack.channels[0].index'");
        assertDecodeFails(welcome.formatted("[]", "[]", "{\"runTimeoutMillis\":2}"))
                .hasMessage("message 'welcome' is missing required field 'options.testTimeoutMillis'");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheRecordsReason() {
        assertDecodeFails(CONNECT.formatted("\"channel\":-1,"))
                .hasMessage("message 'connect' is invalid: channel must be >= 0, was -1");
        assertDecodeFails("{\"type\":\"testStarted\",\"testId\":\"t\",\"displayName\":\"d\",\"cell\":"
                        + CELL.replace("\"slot\":0", "\"slot\":-2") + ",\"startedAt\":\"2026-11-21T22:15:03Z\"}")
                .hasMessage("message 'testStarted' is invalid at 'cell': slot must be >= 0, was -2");
        assertDecodeFails("{\"type\":\"welcome\",\"protocolVersion\":1,\"rack\":{\"name\":\"r\",\"capabilities\":[],"
                        + "\"channels\":[],\"stacks\":[]},\"options\":{\"testTimeoutMillis\":0,"
                        + "\"runTimeoutMillis\":2}}")
                .hasMessage("message 'welcome' is invalid at 'options': testTimeoutMillis must be > 0, was 0");
        assertDecodeFails("{\"type\":\"connected\",\"requestId\":1,\"ok\":false}")
                .hasMessage("message 'connected' is invalid: error is required when ok is false");
    }

    @Test
    void unknownFieldsAreIgnoredAndAbsentOptionalFieldsReadAsNull() throws IpcProtocolException {
        assertThat(codec.decode(CONNECT.formatted("\"channel\":2,\"priority\":{\"x\":[1,2]},")))
                .isEqualTo(new Connect(1, 2, 0, 0));
        assertThat(codec.decode("{\"type\":\"log\",\"level\":\"INFO\",\"message\":\"m\"}"))
                .isEqualTo(new Log(Log.Level.INFO, null, "m"));
        assertThat(codec.decode("{\"type\":\"connected\",\"requestId\":4,\"ok\":true}"))
                .isEqualTo(Connected.success(4));
    }

    @Test
    void encodingKeepsTheMessageOnOneLineAndRoundTripsAnyText() throws IpcProtocolException {
        var result = new TestResult(
                "id",
                "fails with µs, ünïcödé and 🐝",
                "C",
                "m",
                new Cell(1, "p", "s", 0, 3, "t"),
                TestStatus.ERROR,
                "line one\nline two\r\n\u2028\u0000",
                "\tat A.b(A.java:1)\n",
                Instant.parse("2026-11-21T22:15:03Z"),
                0);
        String line = codec.encode(new TestFinished(result));
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(codec.decode(line)).isEqualTo(new TestFinished(result));
        assertThat(codec.encode(new RunFinished(new Summary(0, 0, 0, 0, 0))))
                .isEqualTo("{\"type\":\"runFinished\",\"summary\":{\"passed\":0,\"failed\":0,\"skipped\":0,"
                        + "\"errors\":0,\"durationMillis\":0}}");
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(IpcLimits.MAX_NESTING_DEPTH + 1) + "]".repeat(IpcLimits.MAX_NESTING_DEPTH + 1);
        assertDecodeFails("{\"type\":\"cancel\",\"reason\":\"x\",\"extra\":" + deep + "}")
                .hasMessageStartingWith("line is not valid JSON");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertDecodeFails(String line) {
        return assertThatThrownBy(() -> codec.decode(line)).isInstanceOf(IpcProtocolException.class);
    }
}
