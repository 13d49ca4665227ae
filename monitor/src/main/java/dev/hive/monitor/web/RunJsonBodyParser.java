package dev.hive.monitor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.monitor.web.RunSubmission.Submission;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.RunOptions;
import java.io.IOException;
import java.util.Iterator;

/**
 * Reads the JSON form of {@code POST /api/v1/runs}, {@code {"sha256": ..., "options": ..., "provenance": ...}}, into
 * the runner's SHA-256, the options and the provenance. Every mistake is a 400 that says what is wrong. Pure, without Vert.x: whether the
 * monitor holds that JAR is for {@link RunSubmission} to ask afterwards.
 */
final class RunJsonBodyParser {

    private final ObjectMapper mapper = new ObjectMapper();
    private final RunOptionsParser options;
    private final ProvenanceParser provenance;

    RunJsonBodyParser(RunOptionsParser options) {
        this(options, new ProvenanceParser());
    }

    RunJsonBodyParser(RunOptionsParser options, ProvenanceParser provenance) {
        this.options = options;
        this.provenance = provenance;
    }

    Submission parse(String text) {
        JsonNode body;
        try {
            body = mapper.readTree(text);
        } catch (IOException e) {
            throw HttpError.badRequest("the request body is not valid JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw HttpError.badRequest("the request body must be a JSON object {\"sha256\": ..., \"options\": ...}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("sha256") && !name.equals("options") && !name.equals("provenance")) {
                throw HttpError.badRequest(
                        "unexpected field '" + name + "'; a run takes 'sha256', 'options' and 'provenance'");
            }
        }
        JsonNode sha = body.get("sha256");
        if (sha == null || !sha.isTextual() || !RunnerJars.wellFormed(sha.asText())) {
            throw HttpError.badRequest("sha256 must be the runner JAR's SHA-256 as 64 lower-case hex digits");
        }
        RunOptions parsed = body.has("options") ? options.fromTree(body.get("options")) : options.defaults();
        Provenance from = body.has("provenance") ? provenance.fromTree(body.get("provenance")) : Provenance.NONE;
        return new Submission(sha.asText(), parsed, from);
    }
}
