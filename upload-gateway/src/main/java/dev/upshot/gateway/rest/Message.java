package dev.upshot.gateway.rest;

/** Cloudinary's answer to a write with nothing else to report: {@code {"message":"ok"}}, {@code "deleted"}, … */
public record Message(String message) {
    static final Message OK = new Message("ok");
}
