package dev.upshot.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
    }

    enum SignatureAlgorithm {
        SHA1("SHA-1"), SHA256("SHA-256");

        private final String jcaName;

        SignatureAlgorithm(String jcaName) {
            this.jcaName = jcaName;
        }

        public String jcaName() {
            return jcaName;
        }
    }
}
