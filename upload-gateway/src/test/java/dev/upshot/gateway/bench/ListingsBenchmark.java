package dev.upshot.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.gateway.persistence.ModerationStatus;
import dev.upshot.gateway.service.ListingQuery;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test) of the Admin listings on a gateway whose database holds {@code N} assets: each listing is
 * requested through the HTTP API a page of 50 at a time, following its cursors, and beside it the same SQL
 * ({@link ListingQuery}, the gateway's own) for the same pages runs under {@code EXPLAIN ANALYZE} on the same
 * database, whose plan names the indexes it used. Run by {@code upload-gateway/bench/listings.sh}.
 *
 * <p>Arguments: JDBC URL (schema {@code gateway}), gateway base URL, cloud, API key, API secret, assets, requests
 * per listing.
 */
public final class ListingsBenchmark {
    private static final int PAGE = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");
    private static final Pattern INDEX = Pattern.compile("(?:Index Scan|Index Only Scan|Bitmap Index Scan)"
            + "(?: Backward)? (?:using|on) (\\w+)");

    private record Listing(String name, String path, List<ListingQuery.Criterion> criteria) {
    }

    public static void main(String[] args) throws Exception {
        String jdbc = args[0];
        String gateway = args[1].replaceAll("/+$", "");
        String cloud = args[2];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[3] + ":" + args[4])
                .getBytes(StandardCharsets.UTF_8));
        int assets = Integer.parseInt(args[5]);
        int requests = Integer.parseInt(args[6]);
        try (Connection db = DriverManager.getConnection(jdbc)) {
            long started = System.nanoTime();
            insert(db, cloud, assets);
            System.out.printf("inserted %d assets in %.1f s (and ANALYZE)%n", assets,
                    (System.nanoTime() - started) / 1e9);
            ListingQuery.Criterion image = new ListingQuery.ResourceType("image");
            List<Listing> listings = List.of(
                    new Listing("by tag (1% of assets)", "resources/image/tags/t7",
                            List.of(image, new ListingQuery.Tag("t7"))),
                    new Listing("by tag (every asset)", "resources/image/tags/all",
                            List.of(image, new ListingQuery.Tag("all"))),
                    new Listing("by tag (10 assets)", "resources/image/tags/r77",
                            List.of(image, new ListingQuery.Tag("r77"))),
                    new Listing("by context key=value (1%)", "resources/image/context?key=k&value=v7",
                            List.of(image, new ListingQuery.Context("k", Optional.of("v7")))),
                    new Listing("by context key (every asset)", "resources/image/context?key=k",
                            List.of(image, new ListingQuery.Context("k", Optional.empty()))),
                    new Listing("by moderation manual/pending (10%)", "resources/image/moderations/manual/pending",
                            List.of(image, new ListingQuery.Moderation(Optional.of("manual"),
                                    ModerationStatus.PENDING))),
                    new Listing("by prefix bench/7/ (1%), type upload", "resources/image/upload?prefix=bench/7/",
                            List.of(image, new ListingQuery.DeliveryType("upload"),
                                    new ListingQuery.Prefix("bench/7/"))),
                    new Listing("by prefix bench/ (every asset)", "resources/image/upload?prefix=bench/",
                            List.of(image, new ListingQuery.DeliveryType("upload"),
                                    new ListingQuery.Prefix("bench/"))));
            try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                // the gateway compiles its listing code during the first few hundred requests: one pass over every
                // listing first, so that the first one measured does not carry the warm-up alone
                for (Listing listing : listings) {
                    warmUp(http, gateway, cloud, auth, listing.path(), requests / 4);
                }
                warmUp(http, gateway, cloud, auth, "tags/image?prefix=", requests / 4);
                System.out.printf("%n%-38s %9s %9s %11s %11s  %s%n", "listing (page of 50, following cursors)",
                        "HTTP p50", "HTTP p99", "SQL exec p50", "SQL exec p99", "indexes in the plan");
                for (Listing listing : listings) {
                    run(db, http, gateway, cloud, auth, listing, requests);
                }
                tags(db, http, gateway, cloud, auth, "tags (10,101 distinct)", "", requests);
                tags(db, http, gateway, cloud, auth, "tags by prefix r7 (111 of them)", "r7", requests);
            }
        }
    }

    /**
     * {@code n} image assets, one a second up to now: public ids {@code bench/<i%100>/<i>}; tags {@code all},
     * {@code t<i%100>}, {@code r<i%10000>}; context {@code k=v<i%100>}; every tenth one pending manual moderation.
     */
    private static void insert(Connection db, String cloud, int n) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into asset (asset_id, cloud, resource_type, delivery_type, public_id, version, version_id,
                    format, content_type, bytes, width, height, etag, object_key, original_filename, asset_folder,
                    tags, context, metadata, created_at, updated_at, moderation, moderation_kind, moderation_status)
                select md5('bench' || i), ?, 'image', 'upload', 'bench/' || (i % 100) || '/' || i, 1, md5('v' || i),
                    'png', 'image/png', 100, 4, 4, md5('e' || i), 'bench/' || i, 'bench', '',
                    '["all", "t' || (i % 100) || '", "r' || (i % 10000) || '"]', '{"k": "v' || (i % 100) || '"}', '{}',
                    now() - make_interval(secs => ? - i), now(),
                    case when i % 10 = 0
                        then '[{"kind":"manual","status":"pending","updated_at":"2026-01-01T00:00:00Z"}]' end,
                    case when i % 10 = 0 then 'manual' end, case when i % 10 = 0 then 'pending' end
                from generate_series(1, ?) i
                """); Statement analyze = db.createStatement()) {
            insert.setString(1, cloud);
            insert.setInt(2, n);
            insert.setInt(3, n);
            insert.executeUpdate();
            analyze.execute("analyze asset");
        }
    }

    private static void run(Connection db, HttpClient http, String gateway, String cloud, String auth,
                            Listing listing, int requests) throws Exception {
        String separator = listing.path().contains("?") ? "&" : "?";
        List<Double> httpMs = new ArrayList<>();
        List<Double> sqlMs = new ArrayList<>();
        TreeSet<String> indexes = new TreeSet<>();
        String cursor = null;
        for (int i = 0; i < requests + 5; i++) {
            String url = gateway + "/v1_1/" + cloud + "/" + listing.path() + separator + "max_results=" + PAGE
                    + (cursor == null ? "" : "&next_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - start) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " → " + answer.statusCode() + " " + answer.body());
            }
            JsonNode page = JSON.readTree(answer.body());
            if (page.path("resources").isEmpty()) {
                throw new IllegalStateException(url + " → an empty page");
            }
            ListingQuery query = ListingQuery.of(cloud, listing.criteria(), false, after(cursor), PAGE + 1);
            String plan = explain(db, query);
            if (i >= 5) { // the first five warm up the gateway and the database
                measured(plan, ms, httpMs, sqlMs, indexes);
            }
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        }
        print(listing.name(), httpMs, sqlMs, indexes);
    }

    /**
     * The tags listing ({@code r<i%10000>}, {@code t<i%100>} and {@code all}: 10,101 distinct tags), optionally by
     * prefix, a page of 50 following the cursors, beside the same SQL under EXPLAIN ANALYZE.
     */
    private static void tags(Connection db, HttpClient http, String gateway, String cloud, String auth, String name,
                             String prefix, int requests) throws Exception {
        List<Double> httpMs = new ArrayList<>();
        List<Double> sqlMs = new ArrayList<>();
        TreeSet<String> indexes = new TreeSet<>();
        String cursor = null;
        for (int i = 0; i < requests + 5; i++) {
            String url = gateway + "/v1_1/" + cloud + "/tags/image?max_results=" + PAGE + "&prefix=" + prefix
                    + (cursor == null ? "" : "&next_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - start) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " → " + answer.statusCode() + " " + answer.body());
            }
            JsonNode page = JSON.readTree(answer.body());
            if (page.path("tags").isEmpty()) {
                throw new IllegalStateException(url + " → no tags");
            }
            String after = cursor == null ? "" : new String(Base64.getUrlDecoder().decode(cursor),
                    StandardCharsets.UTF_8);
            String plan = explain(db, ListingQuery.tags(cloud, "image", prefix, after, PAGE + 1));
            if (i >= 5) {
                measured(plan, ms, httpMs, sqlMs, indexes);
            }
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        }
        print(name, httpMs, sqlMs, indexes);
    }

    /** {@code requests} pages of a listing, following its cursors. */
    private static void warmUp(HttpClient http, String gateway, String cloud, String auth, String path,
                               int requests) throws Exception {
        String cursor = null;
        for (int i = 0; i < requests; i++) {
            String url = gateway + "/v1_1/" + cloud + "/" + path + (path.contains("?") ? "&" : "?")
                    + "max_results=" + PAGE
                    + (cursor == null ? "" : "&next_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body());
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        }
    }

    private static void measured(String plan, double ms, List<Double> httpMs, List<Double> sqlMs,
                                 TreeSet<String> indexes) {
        httpMs.add(ms);
        Matcher exec = EXECUTION.matcher(plan);
        if (!exec.find()) {
            throw new IllegalStateException("no execution time in\n" + plan);
        }
        sqlMs.add(Double.parseDouble(exec.group(1)));
        Matcher index = INDEX.matcher(plan);
        while (index.find()) {
            indexes.add(index.group(1));
        }
    }

    private static void print(String name, List<Double> httpMs, List<Double> sqlMs, TreeSet<String> indexes) {
        System.out.printf("%-38s %7.1f ms %6.1f ms %8.2f ms %8.2f ms  %s%n", name, percentile(httpMs, 50),
                percentile(httpMs, 99), percentile(sqlMs, 50), percentile(sqlMs, 99), indexes.isEmpty()
                        ? "NONE (sequential scan)" : String.join(", ", indexes));
    }

    private static String explain(Connection db, ListingQuery query) throws Exception {
        try (PreparedStatement explain = db.prepareStatement("explain (analyze, costs off) " + query.jdbcSql())) {
            for (int i = 0; i < query.params().size(); i++) {
                Object value = query.params().get(i);
                explain.setObject(i + 1, value instanceof Instant at ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : value);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** The gateway's cursor (its own format, opaque to clients): base64url of {@code created_at|asset_id}. */
    private static Optional<ListingQuery.After> after(String cursor) {
        if (cursor == null) {
            return Optional.empty();
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
        return Optional.of(new ListingQuery.After(Instant.parse(parts[0]), parts[1]));
    }

    private static double percentile(List<Double> values, int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private ListingsBenchmark() {
    }
}
