package dev.upshot.gateway.service;

import dev.upshot.contracts.auth.AdminCredentials;
import dev.upshot.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured accounts, by cloud name, and the checks that authenticate requests against them. */
@ApplicationScoped
public class Accounts {
    private final Map<String, GatewayConfig.Account> byCloud;
    private final GatewayConfig.Upload upload;
    private final Clock clock = Clock.systemUTC();

    public Accounts(GatewayConfig config) {
        this.upload = config.upload();
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

    /** Upload API: the request's api_key, timestamp (within its validity) and signature of its parameters. */
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
        long now = clock.instant().getEpochSecond();
        if (now - timestamp > upload.signatureValidity().toSeconds()) {
            throw ApiException.badRequest("Stale request - reported time is " + timestamp + " which is more than "
                    + upload.signatureValidity().toMinutes() + " minutes ago");
        }
        if (timestamp - now > upload.clockSkew().toSeconds()) {
            throw ApiException.badRequest("Stale request - reported time is " + timestamp + " which is more than "
                    + upload.clockSkew().toMinutes() + " minutes in the future (upshot.upload.clock-skew)");
        }
        if (!RequestSignature.verify(fields, account.apiSecret(), fields.get("signature"))) {
            throw ApiException.unauthorized("Invalid Signature " + fields.get("signature") + ". String to sign - '"
                    + RequestSignature.stringToSign(fields, 2) + "'.");
        }
    }
}
