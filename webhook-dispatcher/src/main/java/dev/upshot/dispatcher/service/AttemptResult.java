package dev.upshot.dispatcher.service;

/** What one attempt to send a notification gave. */
public sealed interface AttemptResult {

    /** HTTP status, 0 when no response arrived. */
    int status();

    /** Error text for the attempt log, null when the receiver answered. */
    String error();

    /** The receiver answered (any status). {@code body} is the start of its answer, at most 2 KiB. */
    record Responded(int status, String body) implements AttemptResult {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        @Override
        public String error() {
            return null;
        }
    }

    /** No answer: DNS failure, connection refused or reset, timeout. Worth retrying. */
    record Failed(String error) implements AttemptResult {
        @Override
        public int status() {
            return 0;
        }
    }

    /** Not sent and never will be: the URL or its address is not allowed, or nothing can sign for the cloud. */
    record Refused(String error) implements AttemptResult {
        @Override
        public int status() {
            return 0;
        }
    }
}
