package dev.upshot.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything the upload asked for has completed (today: at once, as no analyses exist yet); the asset's upload
 * response is final apart from what {@code on_success} may change.
 *
 * @param uploadInfo the complete upload response, as a script sees it in {@code e.upload_info}
 * @param onSuccess  the on_success script, or null when none was requested
 */
public record AssetProcessed(ObjectNode uploadInfo, String onSuccess) implements Event {
}
