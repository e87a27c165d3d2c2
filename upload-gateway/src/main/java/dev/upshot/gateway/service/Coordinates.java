package dev.upshot.gateway.service;

import java.util.ArrayList;
import java.util.List;

/** {@code custom_coordinates} and {@code face_coordinates} as the SDKs send them. */
public final class Coordinates {
    private Coordinates() {
    }

    /**
     * {@code x,y,width,height} rectangles separated by {@code |}.
     *
     * @throws ApiException 400 naming the parameter
     */
    public static List<List<Integer>> rectangles(String name, String value) {
        List<List<Integer>> rectangles = new ArrayList<>();
        for (String rectangle : value.split("\\|")) {
            String[] numbers = rectangle.split(",");
            if (numbers.length != 4) {
                throw ApiException.badRequest("Invalid " + name + " '" + value
                        + "': x,y,width,height rectangles separated by |");
            }
            List<Integer> parsed = new ArrayList<>();
            for (String number : numbers) {
                try {
                    parsed.add(Integer.parseInt(number.strip()));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("Invalid " + name + " '" + value + "': integers expected");
                }
            }
            if (parsed.stream().anyMatch(n -> n < 0)) {
                throw ApiException.badRequest("Invalid " + name + " '" + value + "': no negative numbers");
            }
            rectangles.add(List.copyOf(parsed));
        }
        return List.copyOf(rectangles);
    }
}
