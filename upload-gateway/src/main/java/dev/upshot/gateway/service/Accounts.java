package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured accounts, by cloud name, and the checks that authenticate requests against them. */
@ApplicationScoped
public class Accounts {
    private final Map<String, GatewayConfig.Account> byCloud;

    public Accounts(GatewayConfig config) {
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
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ApiException.unauthorized("Must supply api_key");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("Malformed Basic authorization header");
        }
        int colon = decoded.indexOf(':');
        String key = colon < 0 ? decoded : decoded.substring(0, colon);
        String secret = colon < 0 ? "" : decoded.substring(colon + 1);
        if (!key.equals(account.apiKey())) {
            throw ApiException.unauthorized("Unknown API key " + key);
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                account.apiSecret().getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized("Invalid API secret");
        }
        return account;
    }
}
