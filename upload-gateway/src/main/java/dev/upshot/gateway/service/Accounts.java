package dev.upshot.gateway.service;

import dev.upshot.kit.auth.AdminCredentials;
import dev.upshot.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured accounts, by cloud name, and the checks that authenticate requests against them. */
@ApplicationScoped
public class Accounts {
    private final Map<String, GatewayConfig.Account> byCloud;
    private final GatewayConfig config;

    public Accounts(GatewayConfig config) {
        this.config = config;
        this.byCloud = config.accounts().values().stream()
                .collect(Collectors.toUnmodifiableMap(GatewayConfig.Account::cloudName, Function.identity()));
    }

    public GatewayConfig.Account byCloud(String cloud) {
        GatewayConfig.Account account = byCloud.get(cloud);
        if (account == null) {
            throw ApiException.unauthorized("Invalid cloud_name " + cloud);
        }
        return account;
    }

    /** Admin API: HTTP Basic with the account's key and secret. */
    public GatewayConfig.Account basicAuth(String cloud, String authorization) {
        GatewayConfig.Account account = byCloud(cloud);
        try {
            AdminCredentials.check(authorization, account.apiKey(), account.apiSecret());
        } catch (AdminCredentials.Rejected e) {
            throw ApiException.unauthorized(e.getMessage());
        }
        return account;
    }

    /**
     * Upload API signature: the account's key, a fresh timestamp, and the signature over the other parameters.
     *
     * @param fields every parameter as signed (arrays joined with commas under their name without {@code []})
     */
    public void checkSignature(GatewayConfig.Account account, Map<String, String> fields) {
        if (!account.apiKey().equals(fields.get("api_key"))) {
            throw ApiException.unauthorized("Unknown API key " + fields.getOrDefault("api_key", ""));
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(fields.getOrDefault("timestamp", ""));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Missing required parameter - timestamp");
        }
        long now = Instant.now().getEpochSecond();
        if (now - timestamp > config.upload().signatureValidity().toSeconds()) {
            throw ApiException.badRequest("Stale request - reported time is " + timestamp + " which is more than "
                    + config.upload().signatureValidity().toMinutes() + " minutes ago");
        }
        if (timestamp - now > config.upload().clockSkew().toSeconds()) {
            throw ApiException.badRequest("Stale request - reported time is " + timestamp + " which is more than "
                    + config.upload().clockSkew().toMinutes() + " minutes in the future (upshot.upload.clock-skew)");
        }
        if (!RequestSignature.verify(fields, account.apiSecret(), fields.get("signature"))) {
            throw ApiException.unauthorized("Invalid Signature " + fields.get("signature") + ". String to sign - '"
                    + RequestSignature.stringToSign(fields, 2) + "'.");
        }
    }
}
