package dev.upshot.gateway.rest;

import dev.upshot.gateway.persistence.UploadPreset;
import dev.upshot.gateway.service.AdminService;
import dev.upshot.gateway.service.UploadParameters;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.RestPath;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin API {@code /v1_1/{cloud}/upload_presets}: named upload parameters, sent as urlencoded forms. */
@Path("/v1_1/{cloud}/upload_presets")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class UploadPresetsResource {
    private final AdminService admin;

    public UploadPresetsResource(AdminService admin) {
        this.admin = admin;
    }

    /** A preset as Cloudinary shows it: {@code tags} as a list, {@code context} as an object, the rest as sent. */
    public record Preset(String name, boolean unsigned, Map<String, Object> settings) {
        static Preset of(UploadPreset preset) {
            Map<String, Object> settings = new LinkedHashMap<>();
            preset.settings.forEach((k, v) -> settings.put(k, switch (k) {
                case "tags" -> UploadParameters.tags(v);
                case "context" -> UploadParameters.context(v);
                default -> v;
            }));
            return new Preset(preset.name, preset.unsigned, settings);
        }
    }

    public record Presets(List<Preset> presets) {
    }

    public record Created(String message, String name) {
    }

    @GET
    public Uni<Presets> list(@RestPath String cloud) {
        return admin.presets(cloud).map(presets -> new Presets(presets.stream().map(Preset::of).toList()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Created> create(@RestPath String cloud, MultivaluedMap<String, String> form) {
        Map<String, String> settings = settings(form);
        String name = settings.remove("name");
        boolean unsigned = AdminParams.bool("unsigned", settings.remove("unsigned"), false);
        settings.remove("disallow_public_id");
        return admin.createPreset(cloud, name, unsigned, settings).map(created -> new Created("created", created));
    }

    @GET
    @Path("{name}")
    public Uni<Preset> get(@RestPath String cloud, @RestPath String name) {
        return admin.preset(cloud, name).map(Preset::of);
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Message> update(@RestPath String cloud, @RestPath String name, MultivaluedMap<String, String> form) {
        Map<String, String> settings = settings(form);
        String unsigned = settings.remove("unsigned");
        settings.remove("disallow_public_id");
        return admin.updatePreset(cloud, name, unsigned == null ? null : AdminParams.bool("unsigned", unsigned, false),
                settings).replaceWith(new Message("updated"));
    }

    @DELETE
    @Path("{name}")
    public Uni<Message> delete(@RestPath String cloud, @RestPath String name) {
        return admin.deletePreset(cloud, name).replaceWith(new Message("deleted"));
    }

    /**
     * Form fields, arrays ({@code tags[]}) joined with commas as upload parameters expect. The Node SDK adds a
     * {@code timestamp} to every Admin call; authentication fields are not settings.
     */
    private static Map<String, String> settings(MultivaluedMap<String, String> form) {
        Map<String, String> settings = new LinkedHashMap<>();
        form.forEach((name, values) -> settings.put(name.replace("[]", ""), String.join(",", values)));
        settings.keySet().removeAll(List.of("timestamp", "signature", "api_key"));
        return settings;
    }
}
