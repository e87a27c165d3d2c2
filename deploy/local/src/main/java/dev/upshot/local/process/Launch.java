package dev.upshot.local.process;

import dev.upshot.local.part.Part;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run one part: its command, working directory and extra environment, and the URL its supervisor checks for
 * liveness (null: only an exit counts as a failure).
 */
public record Launch(Part part, Path directory, String liveness, Map<String, String> environment,
                    List<String> command) {
}
