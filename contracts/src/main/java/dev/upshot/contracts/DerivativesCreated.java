package dev.upshot.contracts;

import java.util.List;
import java.util.Map;

/**
 * The eager derived versions an upload asked for are stored (one event per asset version), beside the original.
 *
 * @param derivatives the ones produced, in the order asked
 * @param errors      the ones that could not be produced, by transformation text, with the reason
 */
public record DerivativesCreated(List<Derivative> derivatives, Map<String, String> errors) implements Event {
    public DerivativesCreated {
        derivatives = derivatives == null ? List.of() : List.copyOf(derivatives);
        errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    /**
     * One stored derived version.
     *
     * @param transformation canonical text, as asked ({@code c_fill,h_100,w_100/webp})
     * @param format         the encoded format (jpg, png, webp, gif)
     * @param objectKey      where it is stored, in the original's bucket
     */
    public record Derivative(String transformation, int width, int height, long bytes, String format,
                             String objectKey) {
    }
}
