package dev.hive.protocol.run;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * One key and value a test published through JUnit's {@code TestReporter}.
 *
 * @param key the key, 1 to {@value TestOutput#MAX_KEY_CHARS} characters
 * @param value the value, at most {@value TestOutput#MAX_VALUE_CHARS} characters
 */
public record ReportEntry(@Required String key, @Required String value) {

    public ReportEntry {
        Fields.required(key, "key");
        Fields.required(value, "value");
        if (key.isEmpty() || key.length() > TestOutput.MAX_KEY_CHARS) {
            throw new IllegalArgumentException("a report entry's key must be 1 to %d characters, was %d"
                    .formatted(TestOutput.MAX_KEY_CHARS, key.length()));
        }
        if (value.length() > TestOutput.MAX_VALUE_CHARS) {
            throw new IllegalArgumentException("the value of report entry '%s' must be at most %d characters, was %d"
                    .formatted(key, TestOutput.MAX_VALUE_CHARS, value.length()));
        }
        key = TestOutput.printable(key);
        value = TestOutput.printable(value);
    }
}
