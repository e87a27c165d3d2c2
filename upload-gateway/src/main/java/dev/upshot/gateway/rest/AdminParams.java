package dev.upshot.gateway.rest;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.service.ApiException;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/** Admin API parameters as the SDKs send them (numbers and booleans as text), refused in Cloudinary's words. */
final class AdminParams {
    private AdminParams() {
    }

    /** Where delivery URLs in answers point: the configured public address, else the one the call came to. */
    static URI base(GatewayConfig config, UriInfo uri) {
        return config.publicBaseUrl().orElse(uri.getBaseUri());
    }

    static int integer(String name, String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number");
        }
    }

    static boolean bool(String name, String value, boolean fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.toLowerCase()) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiException.badRequest("Invalid boolean value for " + name + ": '" + value + "'");
        };
    }
}
