package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.UploadPreset;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/** An upload's preset: its settings are defaults, and parameters sent with the upload win. */
@ApplicationScoped
public class UploadPresets {

    /**
     * @param params       the upload's parameters; without {@code upload_preset} they are answered as they are
     * @param unsignedOnly whether the upload is unsigned, so that only an unsigned preset may serve it
     * @return the merged parameters, without the preset's name and the signature's fields
     */
    public Uni<Map<String, String>> apply(String cloud, Map<String, String> params, boolean unsignedOnly) {
        String name = params.get("upload_preset");
        if (name == null) {
            return Uni.createFrom().item(params);
        }
        return Panache.withSession(() -> UploadPreset.findByName(cloud, name)).map(preset -> {
            if (preset == null) {
                throw ApiException.badRequest("Upload preset " + name + " not found");
            }
            if (unsignedOnly && !preset.unsigned) {
                throw ApiException.badRequest("Upload preset " + name + " is not for unsigned uploads");
            }
            Map<String, String> merged = new HashMap<>(preset.settings);
            merged.putAll(params);
            merged.remove("upload_preset");
            merged.remove("api_key");
            merged.remove("timestamp");
            merged.remove("signature");
            return merged;
        });
    }
}
