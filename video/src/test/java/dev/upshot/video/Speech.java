package dev.upshot.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Speech made at test time by Debian's espeak-ng, so no recording is committed. Shared with the transcription
 * worker's and the system tests through the test-jar.
 */
public final class Speech {
    /** A sentence whose {@link #KEY_WORDS} the local model (PocketSphinx) reads from espeak-ng's voice, through AAC. */
    public static final String SENTENCE = "Please call Stella. Ask her to bring these things with her from the store.";
    public static final List<String> KEY_WORDS = List.of("please", "ask", "things", "from");

    private Speech() {
    }

    /** The sentence spoken (a US English voice the model reads best), as AAC in an M4A file. */
    public static Path m4a(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path wav = dir.resolve("speech.wav");
        Process espeak = new ProcessBuilder("espeak-ng", "-v", "en-us+f2", "-s", "120", "-w", wav.toString(), SENTENCE)
                .redirectErrorStream(true).start();
        if (!espeak.waitFor(60, TimeUnit.SECONDS) || espeak.exitValue() != 0) {
            throw new IllegalStateException("espeak-ng failed: " + new String(espeak.getInputStream().readAllBytes()));
        }
        Path m4a = dir.resolve("speech.m4a");
        Ffmpeg.transcode(List.of("-v", "error", "-y", "-i", wav.toString(), "-ac", "2", "-c:a", "aac", "-b:a", "96k",
                m4a.toString()), Duration.ofSeconds(60));
        return m4a;
    }
}
