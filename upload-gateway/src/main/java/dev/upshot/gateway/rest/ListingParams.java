package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.AssetListings;
import dev.upshot.gateway.service.ApiException;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The query parameters every Admin listing shares, as the SDKs send them. */
final class ListingParams {
    private ListingParams() {
    }

    /** {@code direction} (desc, the default, or asc, also -1/1), {@code max_results} (10), {@code next_cursor}. */
    static AssetListings.Paging paging(MultivaluedMap<String, String> query) {
        String direction = query.getFirst("direction");
        boolean ascending = switch (direction == null || direction.isEmpty() ? "desc" : direction) {
            case "asc", "1" -> true;
            case "desc", "-1" -> false;
            default -> throw ApiException.badRequest("Invalid direction " + direction + "; one of asc, desc, 1, -1");
        };
        return new AssetListings.Paging(ascending, AdminParams.integer("max_results", query.getFirst("max_results"),
                10), query.getFirst("next_cursor"));
    }

    /** The {@code tags}, {@code context}, {@code metadata}, {@code moderations} flags and {@code fields}. */
    static AssetListings.Shown shown(MultivaluedMap<String, String> query) {
        Set<String> fields = new HashSet<>();
        for (String value : query.getOrDefault("fields", List.of())) {
            Arrays.stream(value.split(",")).map(String::strip).filter(f -> !f.isEmpty()).forEach(fields::add);
        }
        return new AssetListings.Shown(flag(query, "tags"), flag(query, "context"), flag(query, "metadata"),
                flag(query, "moderations"), fields);
    }

    /** A repeated parameter as the Node SDK ({@code name[]}) or a bare one (Java SDK for strings) sends it. */
    static List<String> list(MultivaluedMap<String, String> query, String name) {
        return Stream.concat(query.getOrDefault(name + "[]", List.of()).stream(),
                query.getOrDefault(name, List.of()).stream()).filter(v -> !v.isEmpty()).distinct().toList();
    }

    private static boolean flag(MultivaluedMap<String, String> query, String name) {
        return AdminParams.bool(name, query.getFirst(name), false);
    }
}
