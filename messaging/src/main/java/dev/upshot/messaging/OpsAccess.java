package dev.upshot.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotAuthorizedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The operator endpoints' guard: a bearer token from configuration; without one the endpoints do not exist. */
@ApplicationScoped
public class OpsAccess {
    private final Optional<String> token;

    public OpsAccess(MessagingConfig config) {
        this.token = config.ops().token().filter(t -> !t.isBlank());
    }

    public void check(String authorization) {
        String expected = token.orElseThrow(NotFoundException::new);
        String given = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : "";
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new NotAuthorizedException("Bearer realm=\"upshot-ops\"");
        }
    }
}
