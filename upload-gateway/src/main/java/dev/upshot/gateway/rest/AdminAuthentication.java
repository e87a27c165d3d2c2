package dev.upshot.gateway.rest;

import dev.upshot.gateway.service.Accounts;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * The Admin API's one authentication: HTTP Basic with the key and secret of the account named by the path's
 * {@code {cloud}}. A refusal is an {@code ApiException} (401), answered in Cloudinary's shape.
 */
@Provider
@AdminApi
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthentication implements ContainerRequestFilter {
    private final Accounts accounts;

    public AdminAuthentication(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        accounts.basicAuth(request.getUriInfo().getPathParameters().getFirst("cloud"),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
