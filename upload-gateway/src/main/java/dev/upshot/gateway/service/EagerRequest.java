package dev.upshot.gateway.service;

import dev.upshot.contracts.transform.InvalidTransformationException;
import dev.upshot.contracts.transform.Transformation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upload's {@code eager}, {@code eager_async} and {@code eager_notification_url}, validated with the same parser
 * the derivation worker renders with.
 *
 * @param transformations empty when none were asked for
 * @param notificationUrl eager_notification_url; the upload's notification_url stands in when it is absent
 */
public record EagerRequest(List<Transformation> transformations, boolean async, Optional<String> notificationUrl) {

    /** @throws ApiException 400 naming the bad transformation component */
    static EagerRequest parse(Map<String, String> raw, boolean async) {
        String eager = raw.getOrDefault("eager", "");
        Optional<String> url = Optional.ofNullable(raw.get("eager_notification_url")).filter(u -> !u.isEmpty());
        try {
            return new EagerRequest(eager.isEmpty() ? List.of() : Transformation.parseList(eager), async, url);
        } catch (InvalidTransformationException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    public List<String> texts() {
        return transformations.stream().map(Transformation::text).toList();
    }
}
