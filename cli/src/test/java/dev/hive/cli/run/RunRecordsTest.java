package dev.hive.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI reads the run record of the API, including what each test said. */
class RunRecordsTest {

    @Test
    void aResultKeepsItsFailureTypeAndOutputAndControlCharactersAreDefused() throws Exception {
        var run = new ObjectMapper()
                .readTree(
                        """
                {"results": [
                  {"testId": "t1", "displayName": "halts()", "className": "dev.x.Suite", "methodName": "halts",
                   "status": "FAILED", "channel": 0, "probe": "p0", "probeSerial": "S0", "stack": 0, "slot": 1,
                   "target": "qemu-cortex-m3", "failureType": "java.lang.AssertionError",
                   "output": {"stdout": "hi\\u001b[2J\\n", "stderr": "", "reports": [{"key": "pc", "value": "0x1"}]}},
                  {"testId": "t2", "displayName": "quiet()", "status": "PASSED"}]}
                """);

        List<TestResult> results = RunRecords.results(run);

        assertThat(results.get(0).failureType()).isEqualTo("java.lang.AssertionError");
        assertThat(results.get(0).output())
                .isEqualTo(new TestOutput("hi\ufffd[2J\n", "", List.of(new ReportEntry("pc", "0x1"))));
        assertThat(results.get(1).output()).isNull();
        assertThat(results.get(1).failureType()).isNull();
    }
}
