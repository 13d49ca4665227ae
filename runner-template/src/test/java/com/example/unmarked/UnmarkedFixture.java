package com.example.unmarked;

import org.junit.jupiter.api.Test;

/** Tests without {@code @HiveTest}: they would run nowhere. */
public class UnmarkedFixture {

    @Test
    void forgotten() {}

    @Test
    void alsoForgotten() {}

    /** An abstract base of hive tests is fine: its subclasses carry {@code @HiveTest}. */
    public abstract static class Base {
        @Test
        void inherited() {}
    }
}
