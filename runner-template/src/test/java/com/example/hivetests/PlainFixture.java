package com.example.hivetests;

import dev.hive.runner.api.HiveTest;

/** A user's class that only mentions the annotation; the scanner must not take it for a hive test. */
public class PlainFixture {

    public static boolean isHiveTest(Class<?> type) {
        return type.isAnnotationPresent(HiveTest.class);
    }
}
