package dev.hive.monitor.db;

import java.util.ArrayList;
import java.util.List;

/**
 * One versioned schema step, {@code db/migration/V<version>__<description>.sql}. A statement ends with
 * {@code ;} at the end of a line; lines starting with {@code --} are comments (the codegen build step in
 * {@code src/build/java} follows the same rule).
 */
public record Migration(int version, String description, String sql) {

    /** Parses the version and description from a file name such as {@code V1__initial.sql}. */
    public static Migration of(String fileName, String sql) {
        if (!fileName.matches("V\\d+__.+\\.sql")) {
            throw new MigrationException("migration file name '" + fileName + "' is not V<version>__<name>.sql");
        }
        int sep = fileName.indexOf("__");
        int version = Integer.parseInt(fileName.substring(1, sep));
        String description = fileName.substring(sep + 2, fileName.length() - ".sql".length());
        return new Migration(version, description, sql);
    }

    /** The statements of this migration, comments removed. */
    public List<String> statements() {
        List<String> out = new ArrayList<>();
        for (String chunk : sql.split(";\\s*(\\r?\\n|$)")) {
            StringBuilder body = new StringBuilder();
            chunk.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> body.append(l)
                    .append('\n'));
            if (!body.toString().isBlank()) {
                out.add(body.toString().strip());
            }
        }
        return out;
    }
}
