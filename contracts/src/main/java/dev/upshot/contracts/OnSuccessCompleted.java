package dev.upshot.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The runner ran an asset's on_success script.
 *
 * @param succeeded whether the script ran to its end within every limit
 * @param update    what {@code current_asset.update} asked for ({@code tags}, {@code context}, {@code metadata};
 *                  kinds not given are absent), or null when the script did not call it or failed
 * @param error     why the script failed, with {@code line:column} where the engine knows it; null on success
 */
public record OnSuccessCompleted(boolean succeeded, ObjectNode update, String error) implements Event {

    public static OnSuccessCompleted success(ObjectNode update) {
        return new OnSuccessCompleted(true, update, null);
    }

    public static OnSuccessCompleted failure(String error) {
        return new OnSuccessCompleted(false, null, error);
    }
}
