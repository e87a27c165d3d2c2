package dev.upshot.imaging;

/** The file is not an image Upshot reads (format, corruption, size limit, unsafe content); the message says which. */
public class ImageException extends Exception {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
