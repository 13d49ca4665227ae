package dev.hive.protocol.run;

import dev.hive.protocol.wire.Fields;
import java.util.List;

/**
 * Which of the runner's hive tests a run executes: the tests named in {@code tests} (all when empty), narrowed
 * by JUnit tag expressions. The runner applies it with JUnit Platform discovery selectors and tag filters, the
 * same way for a run on the rack and for {@code --list}.
 *
 * @param tests test classes ({@code com.example.FooTest}) or methods ({@code com.example.FooTest#bar}); empty
 *     for every hive test class
 * @param includeTags JUnit tag expressions of which a test must match one (empty: no such condition)
 * @param excludeTags JUnit tag expressions of which a test must match none
 */
public record TestSelection(List<String> tests, List<String> includeTags, List<String> excludeTags) {

    /** The most entries one list may hold. */
    public static final int MAX_ENTRIES = 100;

    /** The longest entry, in characters. */
    public static final int MAX_ENTRY_LENGTH = 500;

    /** Everything: no selector, no tag filter. */
    public static final TestSelection ALL = new TestSelection(List.of(), List.of(), List.of());

    public TestSelection {
        tests = checked(tests, "tests");
        includeTags = checked(includeTags, "includeTags");
        excludeTags = checked(excludeTags, "excludeTags");
    }

    /** Whether this selection narrows nothing. */
    public boolean selectsEverything() {
        return tests.isEmpty() && includeTags.isEmpty() && excludeTags.isEmpty();
    }

    private static List<String> checked(List<String> values, String field) {
        List<String> list = values == null ? List.of() : Fields.list(values, field);
        if (list.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(
                    "%s holds %d entries; at most %d".formatted(field, list.size(), MAX_ENTRIES));
        }
        for (int i = 0; i < list.size(); i++) {
            String entry = list.get(i);
            if (entry.isBlank() || entry.length() > MAX_ENTRY_LENGTH) {
                throw new IllegalArgumentException(
                        "%s[%d] must be 1 to %d characters long and not blank".formatted(field, i, MAX_ENTRY_LENGTH));
            }
            if (entry.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("%s[%d] contains a control character".formatted(field, i));
            }
        }
        return list;
    }
}
