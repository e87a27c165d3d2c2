package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.InputLimits;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Upload API's parameters as the SDKs send them: multipart (one file part at most) or urlencoded. */
record Forms(Map<String, String> fields, FormValue file) {

    /** Text parameters by name (the last value of a repeated one) and the file part, within the form limits. */
    static Forms of(MultipartFormDataInput input, InputLimits limits) {
        Map<String, String> fields = new HashMap<>();
        FormValue file = null;
        int count = 0;
        for (var entry : input.getValues().entrySet()) {
            for (FormValue value : entry.getValue()) {
                count++;
                if (value.isFileItem()) {
                    file = value;
                } else {
                    fields.put(entry.getKey(), value.getValue());
                }
            }
        }
        limits.checkForm(count, fields);
        return new Forms(fields, file);
    }

    /** The first value of each parameter, within the form limits. */
    static Forms of(MultivaluedMap<String, String> form, InputLimits limits) {
        Map<String, String> fields = new HashMap<>();
        form.forEach((name, values) -> fields.put(name, values.getFirst()));
        limits.checkForm(form.values().stream().mapToInt(List::size).sum(), fields);
        return new Forms(fields, null);
    }
}
