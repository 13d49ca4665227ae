package com.example.hivetests;

import dev.hive.runner.api.HiveTest;
import org.junit.jupiter.api.Test;

/** A user's hive test class, outside the runner's packages, for the scanner tests. */
@HiveTest
public class BoardFixture {

    @Test
    void works() {}

    /** Nested hive test classes are found too. */
    @HiveTest
    public static class NestedFixture {
        @Test
        void works() {}
    }
}
