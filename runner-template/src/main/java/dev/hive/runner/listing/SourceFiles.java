package dev.hive.runner.listing;

/** Where a class's source is, relative to the hive tests' directory: its top-level class's file. */
final class SourceFiles {

    private SourceFiles() {}

    /** {@code com/example/FooTest.java} for {@code com.example.FooTest} and {@code com.example.FooTest$Inner}. */
    static String of(Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return top.getName().replace('.', '/') + ".java";
    }
}
