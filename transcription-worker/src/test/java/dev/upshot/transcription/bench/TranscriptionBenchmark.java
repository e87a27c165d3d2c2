package dev.upshot.transcription.bench;

import dev.upshot.transcription.config.TranscriptionConfig;
import dev.upshot.transcription.service.Segment;
import dev.upshot.transcription.service.SpeechRecognizer;
import dev.upshot.video.Ffmpeg;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Benchmark (not a test; run by bench/run.sh): the worker's {@link SpeechRecognizer} on a speech file, beside ffmpeg
 * alone doing the same decode to 16 kHz mono PCM, in the same run. Prints each one's real-time factor (processing
 * time / sound duration; below 1 is faster than real time).
 * Usage: TranscriptionBenchmark FILE SECONDS RUNS
 */
public final class TranscriptionBenchmark {
    private TranscriptionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        int runs = Integer.parseInt(args[2]);
        SpeechRecognizer recognizer = new SpeechRecognizer(config());
        Path pcm = Files.createTempFile("bench-", ".wav");
        long[] decode = new long[runs];
        long[] transcribe = new long[runs];
        int words = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Ffmpeg.transcode(List.of("-v", "error", "-y", "-i", file.toString(), "-vn", "-threads", "1", "-ac", "1",
                    "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav", pcm.toString()), Duration.ofMinutes(10));
            decode[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            List<Segment> segments = recognizer.transcribe(file, Optional.empty());
            transcribe[i] = System.nanoTime() - t0;
            words = segments.stream().mapToInt(s -> s.words().size()).sum();
        }
        Files.deleteIfExists(pcm);
        System.out.printf(Locale.ROOT, "sound: %.1f s, %d runs, %d words recognised%n", seconds, runs, words);
        print("ffmpeg alone: decode to 16 kHz mono PCM", decode, seconds);
        print("SpeechRecognizer: that decode + PocketSphinx", transcribe, seconds);
    }

    private static void print(String what, long[] nanos, double seconds) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1e9;
        System.out.printf(Locale.ROOT, "%-48s median %7.2f s  min %7.2f s  max %7.2f s  real-time factor %.3f%n",
                what, median, sorted[0] / 1e9, sorted[sorted.length - 1] / 1e9, median / seconds);
    }

    private static TranscriptionConfig config() {
        return new TranscriptionConfig() {
            @Override
            public Model model() {
                return new Model() {
                    @Override
                    public Path program() {
                        return Path.of("/usr/bin/pocketsphinx_continuous");
                    }

                    @Override
                    public List<String> languages() {
                        return List.of("en-US");
                    }
                };
            }

            @Override
            public Endpoint endpoint() {
                return new Endpoint() {
                    @Override
                    public Optional<String> url() {
                        return Optional.empty();   // the local model is what is measured
                    }

                    @Override
                    public String model() {
                        return "whisper-1";
                    }

                    @Override
                    public Optional<String> apiKey() {
                        return Optional.empty();
                    }

                    @Override
                    public Duration timeout() {
                        return Duration.ofMinutes(5);
                    }

                    @Override
                    public boolean allowLoopback() {
                        return false;
                    }

                    @Override
                    public boolean allowPrivate() {
                        return false;
                    }
                };
            }

            @Override
            public Duration timeout() {
                return Duration.ofMinutes(30);
            }

            @Override
            public Duration maxDuration() {
                return Duration.ofHours(2);
            }
        };
    }
}
