package dev.upshot.video;

/** A file ffprobe or ffmpeg could not read or process, or a run past its time limit. */
public class VideoException extends Exception {
    public VideoException(String message) {
        super(message);
    }
}
