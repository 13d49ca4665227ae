import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build step (run by exec-maven-plugin with the source launcher): creates a throwaway SQLite file from the
 * migrations for jOOQ's code generator. Uses the same statement rule as the monitor's Migrator: a statement
 * ends with ';' at the end of a line; lines starting with '--' are comments.
 */
public final class CodegenSchemaDatabase {
    public static void main(String[] args) throws IOException, SQLException {
        Path migrations = Path.of(args[0]);
        Path db = Path.of(args[1]);
        Files.createDirectories(db.getParent());
        Files.deleteIfExists(db);
        List<Path> files;
        try (Stream<Path> s = Files.list(migrations)) {
            files = s.filter(p -> p.getFileName().toString().matches("V\\d+__.+\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .collect(Collectors.toList());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            for (Path f : files) {
                for (String sql : Files.readString(f).split(";\\s*(\\r?\\n|$)")) {
                    String body = sql.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
                    if (!body.isBlank()) {
                        st.executeUpdate(body);
                    }
                }
            }
        }
        System.out.println("codegen schema: " + files.size() + " migration(s) -> " + db);
    }

    private static int version(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(1, n.indexOf("__")));
    }
}
