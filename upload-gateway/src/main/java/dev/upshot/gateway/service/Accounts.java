package dev.upshot.gateway.service;

import dev.upshot.contracts.auth.AdminCredentials;
import dev.upshot.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

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
        try {
            AdminCredentials.check(authorization, account.apiKey(), account.apiSecret());
        } catch (AdminCredentials.Rejected e) {
            throw ApiException.unauthorized(e.getMessage());
        }
        return account;
    }
}
