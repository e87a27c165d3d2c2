package dev.upshot.transcription.bench;

import dev.upshot.video.Ffmpeg;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * For bench/run.sh: a WAV played N times over (ffmpeg -stream_loop), encoded as AAC in M4A; prints its duration.
 * Usage: SpeechFile IN.wav N OUT.m4a
 */
public final class SpeechFile {
    private SpeechFile() {
    }

    public static void main(String[] args) throws Exception {
        int times = Integer.parseInt(args[1]);
        Ffmpeg.transcode(List.of("-v", "error", "-y", "-stream_loop", Integer.toString(times - 1), "-i", args[0],
                "-ac", "2", "-c:a", "aac", "-b:a", "96k", args[2]), Duration.ofMinutes(5));
        String duration = new String(Ffmpeg.probe(List.of("-v", "error", "-show_entries", "format=duration", "-of",
                "csv=p=0", args[2]), Duration.ofMinutes(1)).stdout(), StandardCharsets.UTF_8);
        System.out.println(duration.strip());
    }
}
