package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * Who may upload what. Signed: key, timestamp and signature checked, any parameter. Unsigned: only through an
 * unsigned preset, and only the parameters Cloudinary allows there.
 */
@ApplicationScoped
public class UploadAuthentication {
    private final Accounts accounts;
    private final UploadPresets presets;

    public UploadAuthentication(Accounts accounts, UploadPresets presets) {
        this.accounts = accounts;
        this.presets = presets;
    }

    /** The upload's parameters (but {@code file}) once authenticated, with its preset's settings. */
    public Uni<Map<String, String>> parameters(GatewayConfig.Account account, Map<String, String> fields) {
        Map<String, String> params = new HashMap<>(fields);
        params.remove("file");
        if (fields.containsKey("signature")) {
            accounts.checkSignature(account, fields);
            return presets.apply(account.cloudName(), params, false);
        }
        if (!fields.containsKey("upload_preset")) {
            throw ApiException.badRequest("Upload preset must be specified when using unsigned upload");
        }
        for (String name : params.keySet()) {
            if (!UploadParameters.UNSIGNED_ALLOWED.contains(name)) {
                throw ApiException.badRequest(name + " parameter is not allowed when using unsigned upload");
            }
        }
        return presets.apply(account.cloudName(), params, true);
    }
}
