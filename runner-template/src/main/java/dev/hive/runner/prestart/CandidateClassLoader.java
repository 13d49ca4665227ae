package dev.hive.runner.prestart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The candidate's runner JAR, loaded on top of the fixed part. Classes are found parent first: the monitor has
 * checked that every class the candidate's JAR shares with the fixed part is byte for byte the same (by CRC32), so
 * the fixed part's copy is the one a cold start would have loaded from the JAR. Resources are not: a cold runner
 * sees the JDK's resources and then its own JAR's, never the fixed part's files (its {@code
 * junit-platform.properties}, its merged {@code META-INF/services}), so this loader asks the platform loader and
 * then the candidate's JAR, and skips the fixed part.
 */
final class CandidateClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    CandidateClassLoader(Path jar, ClassLoader fixedPart) {
        super(new URL[] {url(jar)}, fixedPart); // unnamed: stack frames read as in a cold start
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public URL getResource(String name) {
        URL platform = ClassLoader.getPlatformClassLoader().getResource(name);
        return platform != null ? platform : findResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(
                Collections.list(ClassLoader.getPlatformClassLoader().getResources(name)));
        all.addAll(Collections.list(findResources(name)));
        return Collections.enumeration(all);
    }
}
