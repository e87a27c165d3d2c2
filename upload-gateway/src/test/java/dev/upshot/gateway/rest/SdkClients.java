package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URL;

/** The official Cloudinary Java SDK, pointed at the gateway under test with upload_prefix. */
final class SdkClients {
    private SdkClients() {
    }

    static String config(String key) {
        return ConfigProvider.getConfig().getValue("upshot.accounts.default." + key, String.class);
    }

    static Cloudinary cloudinary(URL base) {
        String prefix = base.toString().replaceAll("/+$", "");
        return new Cloudinary("cloudinary://" + config("api-key") + ":" + config("api-secret") + "@"
                + config("cloud-name") + "?upload_prefix=" + prefix);
    }
}
