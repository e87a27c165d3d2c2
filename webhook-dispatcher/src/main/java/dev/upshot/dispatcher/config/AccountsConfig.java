package dev.upshot.dispatcher.config;

import dev.upshot.kit.auth.SignatureAlgorithm;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts whose notifications this dispatcher signs. The map key is only a name for the entry
 * ({@code upshot.accounts.default.*}); notifications are matched by {@link Account#cloudName()}.
 */
@ConfigMapping(prefix = "upshot")
public interface AccountsConfig {

    Map<String, Account> accounts();

    /** The account whose cloud name is {@code cloud}, if one is configured. */
    default Optional<Account> forCloud(String cloud) {
        return accounts().values().stream().filter(account -> account.cloudName().equals(cloud)).findFirst();
    }

    interface Account {
        /** The cloud name the SDKs put in their URLs; events carry it as {@code cloud}. */
        String cloudName();

        /** Not needed for signing; kept so every service reads the same account block. */
        String apiKey();

        /** Signs notifications. Never logged. */
        String apiSecret();

        /** Digest of {@code body + timestamp + api_secret}: sha1 (Cloudinary's default) or sha256. */
        @WithDefault("sha1")
        SignatureAlgorithm signatureAlgorithm();

        /** Standard Webhooks headers on every notification of the account, not only for triggers that ask. */
        @WithDefault("false")
        boolean standardWebhooks();

        /**
         * Standard Webhooks signing secrets, {@code whsec_<base64 key>}, each optionally {@code @<ISO instant>} when
         * it stops signing. All unexpired ones sign (rotation: add the new one, give the old one an expiry). Absent:
         * the key is the api_secret's UTF-8 bytes, i.e. {@code whsec_} + base64(api_secret).
         */
        Optional<List<String>> webhookSecrets();
    }
}
