package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.config.ReviewConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in sessions of the review page, in PostgreSQL so that every gateway replica accepts them and signing out
 * ends them everywhere. The cookie carries a random token; the table holds only its SHA-256. A session reaches the
 * review page's own endpoints and nothing else; the Admin API keeps HTTP Basic. Failed sign-ins are counted per
 * client address and per API key in fixed windows (database time, shared by the replicas); over the limit every
 * sign-in of that scope is refused with 429 until the window ends, right credentials included.
 */
@ApplicationScoped
public class ReviewSessions {
    public static final String VIA_SECRET = "api_secret";
    public static final String VIA_REVIEWER_PASSWORD = "reviewer_password";
    private static final int MAX_FIELD = 256;

    private final Pool pool;
    private final Accounts accounts;
    private final ReviewConfig config;

    public ReviewSessions(Pool pool, Accounts accounts, ReviewConfig config) {
        this.pool = pool;
        this.accounts = accounts;
        this.config = config;
    }

    /** A live session; {@code csrfToken} must come back with every state-changing call. */
    public record Session(String cloud, String principal, String csrfToken, Instant expiresAt) {
    }

    /** A new session and the token its cookie carries (shown once, never stored). */
    public record SignedIn(String token, Session session) {
    }

    /**
     * @param address the client's address, as the HTTP layer sees it (behind a proxy: enable forwarding)
     * @throws ApiException 400 for missing fields, 429 over the failure limit, 401 for wrong credentials
     */
    public Uni<SignedIn> signIn(String cloud, String apiKey, String password, String address) {
        if (apiKey == null || apiKey.isBlank() || password == null || password.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - api_key and password");
        }
        if (apiKey.length() > MAX_FIELD || password.length() > MAX_FIELD) {
            throw ApiException.badRequest("api_key and password must be at most " + MAX_FIELD + " characters");
        }
        GatewayConfig.Account account = accounts.byCloud(cloud);
        List<String> scopes = List.of("address:" + address, "key:" + cloud + ":" + apiKey.strip());
        return refuseOverLimit(scopes).chain(() -> {
            Optional<String> principal = principal(account, apiKey.strip(), password);
            if (principal.isEmpty()) {
                return recordFailure(scopes).chain(() -> Uni.createFrom().<SignedIn>failure(
                        ApiException.unauthorized("Invalid API key or password")));
            }
            String token = SecretTokens.generate();
            String csrf = SecretTokens.generate();
            return pool.preparedQuery("delete from review_session where expires_at < now()").execute()
                    .chain(() -> pool.preparedQuery("insert into review_session (token_hash, cloud, principal, "
                                    + "csrf_token, expires_at) "
                                    + "values ($1, $2, $3, $4, now() + make_interval(secs => $5)) returning expires_at")
                            .execute(Tuple.of(SecretTokens.hash(token), cloud, principal.get(), csrf,
                                    (double) config.sessionTtl().toMillis() / 1000)))
                    .map(rows -> new SignedIn(token, new Session(cloud, principal.get(), csrf,
                            rows.iterator().next().getOffsetDateTime(0).toInstant())));
        });
    }

    /** @throws ApiException 401 when there is no such session for this cloud, or it expired or was ended */
    public Uni<Session> find(String cloud, String token) {
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().failure(ApiException.unauthorized("Sign in to the review page first"));
        }
        return pool.preparedQuery("select principal, csrf_token, expires_at from review_session "
                        + "where token_hash = $1 and cloud = $2 and expires_at > now()")
                .execute(Tuple.of(SecretTokens.hash(token), cloud))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiException.unauthorized("Review session expired or signed out; sign in again");
                    }
                    Row row = rows.iterator().next();
                    return new Session(cloud, row.getString(0), row.getString(1),
                            row.getOffsetDateTime(2).toInstant());
                });
    }

    /** Sign-out: the token is worthless on every replica from now on. */
    public Uni<Void> end(String token) {
        return pool.preparedQuery("delete from review_session where token_hash = $1").execute(Tuple.of(SecretTokens.hash(token)))
                .replaceWithVoid();
    }

    private static Optional<String> principal(GatewayConfig.Account account, String apiKey, String password) {
        // every comparison runs, so the answer's timing does not tell which part was wrong
        boolean key = same(apiKey, account.apiKey());
        boolean secret = same(password, account.apiSecret());
        boolean reviewer = account.reviewerPassword().map(p -> same(password, p)).orElse(false);
        if (!key) {
            return Optional.empty();
        }
        return secret ? Optional.of(VIA_SECRET) : reviewer ? Optional.of(VIA_REVIEWER_PASSWORD) : Optional.empty();
    }

    private Uni<Void> refuseOverLimit(List<String> scopes) {
        return pool.preparedQuery("select scope, failures, ceil(extract(epoch from window_ends - now()))::bigint "
                        + "from review_sign_in_failure where scope in ($1, $2) and window_ends > now()")
                .execute(Tuple.of(scopes.get(0), scopes.get(1)))
                .invoke(rows -> over(rows).ifPresent(e -> {
                    throw e;
                }))
                .replaceWithVoid();
    }

    private Optional<ApiException> over(RowSet<Row> rows) {
        for (Row row : rows) {
            boolean byAddress = row.getString(0).startsWith("address:");
            int limit = byAddress ? config.signIn().maxFailuresPerAddress() : config.signIn().maxFailuresPerKey();
            if (row.getInteger(1) >= limit) {
                long seconds = Math.max(1, row.getLong(2));
                String scope = byAddress ? "from this address" : "for this API key";
                return Optional.of(new TooManyAttempts("Too many failed sign-ins " + scope + "; try again in "
                        + seconds + " seconds", seconds));
            }
        }
        return Optional.empty();
    }

    private Uni<Void> recordFailure(List<String> scopes) {
        double window = (double) config.signIn().failureWindow().toMillis() / 1000;
        return pool.preparedQuery("delete from review_sign_in_failure where window_ends < now()").execute()
                .chain(() -> pool.preparedQuery("insert into review_sign_in_failure as f "
                                + "(scope, failures, window_ends) values ($1, 1, now() + make_interval(secs => $2)) on conflict (scope) do update set "
                                + "failures = case when f.window_ends > now() then f.failures + 1 else 1 end, "
                                + "window_ends = case when f.window_ends > now() then f.window_ends "
                                + "else excluded.window_ends end")
                        .executeBatch(scopes.stream().map(s -> Tuple.of(s, window)).toList()))
                .replaceWithVoid();
    }

    /** 429 with the seconds until the window ends (the HTTP layer adds {@code Retry-After}). */
    public static final class TooManyAttempts extends ApiException {
        private final long retryAfterSeconds;

        TooManyAttempts(String message, long retryAfterSeconds) {
            super(429, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
