package dev.hive.cli.guide;

import dev.hive.runner.api.ExpectedFailure;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.TargetInfo;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Guide: an expected failure (the original Hive's should_panic). */
// tag::expected[]
@HiveTest
class ExpectedFailureExample {

    @Test
    @ExpectedFailure(value = NoSuchElementException.class, message = "has no symbol")
    void anUnknownSymbolIsRefused(TargetInfo target) {
        target.symbol("no_such_symbol");
    }
}
// end::expected[]
