package dev.hive.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.TargetInfo;
import java.util.Locale;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Sample: a repeated test that gives many results per target, streamed one by one. */
@HiveTest
class ManyResultsSampleTest {

    static final int REPETITIONS = 40;

    @RepeatedTest(REPETITIONS)
    void theUidDefineMatchesTheUid(TargetInfo target, RepetitionInfo repetition) {
        String define = target.define("HIVE_UID").orElse("0x0ULL").toLowerCase(Locale.ROOT);
        long value = Long.parseUnsignedLong(define.replaceFirst("^0x", "").replaceFirst("u?l*$", ""), 16);
        assertEquals(target.hiveUid(), value, "HIVE_UID define, repetition " + repetition.getCurrentRepetition());
    }
}
