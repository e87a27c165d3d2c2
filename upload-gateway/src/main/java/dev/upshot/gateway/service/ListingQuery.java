package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.ModerationStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * The SQL of an Admin listing: the ids of the assets matching every criterion, newest (or oldest) first by
 * (created_at, asset_id), one more than the page to tell whether another page follows. Each criterion is written so
 * that an index serves it (migrations V9_1, V11_1; the tags listing V11_5); {@code bench/listings.sh} runs this same
 * SQL under EXPLAIN ANALYZE.
 *
 * @param sql    with ordinal parameters {@code ?1…?n}, each used once and in order
 * @param params their values
 */
public record ListingQuery(String sql, List<Object> params) {

    /** One condition on the listed assets. */
    public sealed interface Criterion {
    }

    public record ResourceType(String value) implements Criterion {
    }

    public record DeliveryType(String value) implements Criterion {
    }

    /** A literal public id prefix: {@code _} and {@code %} are themselves. */
    public record Prefix(String value) implements Criterion {
    }

    public record PublicIds(List<String> ids) implements Criterion {
    }

    public record AssetIds(List<String> ids) implements Criterion {
    }

    /** One whole tag. */
    public record Tag(String tag) implements Criterion {
    }

    /** A context key, with this value when one is given. */
    public record Context(String key, Optional<String> value) implements Criterion {
    }

    /** The current moderation entry's status, of this kind or (empty) of any kind. */
    public record Moderation(Optional<String> kind, ModerationStatus status) implements Criterion {
    }

    /** Created at or after. */
    public record CreatedFrom(Instant at) implements Criterion {
    }

    /** Where a page starts: after this asset in the listing's order. */
    public record After(Instant createdAt, String assetId) {
    }

    public static ListingQuery of(String cloud, List<Criterion> criteria, boolean ascending, Optional<After> after,
                                  int limit) {
        Builder b = new Builder();
        StringBuilder where = new StringBuilder("cloud = ").append(b.param(cloud));
        for (Criterion criterion : criteria) {
            where.append(" and ").append(switch (criterion) {
                case ResourceType t -> "resource_type = " + b.param(t.value());
                case DeliveryType t -> "delivery_type = " + b.param(t.value());
                case Prefix p -> "public_id like " + b.param(likeLiteral(p.value()) + "%") + " escape '\\'";
                case PublicIds p -> "public_id in (" + b.params(p.ids()) + ")";
                case AssetIds a -> "asset_id in (" + b.params(a.ids()) + ")";
                case Tag t -> "tag_terms @> array[cast(" + b.param(t.tag()) + " as text)]";
                // the terms as migration V11_1 writes them: JSON arrays ["key"] and ["key", "value"]
                case Context c -> "context_terms @> array[cast(jsonb_build_array(cast(" + b.param(c.key())
                        + " as text)" + c.value().map(v -> ", cast(" + b.param(v) + " as text)").orElse("")
                        + ") as text)]";
                case Moderation m -> "moderation_kind is not null"
                        + m.kind().map(k -> " and moderation_kind = " + b.param(k)).orElse("")
                        + " and moderation_status = " + b.param(m.status().wire());
                case CreatedFrom c -> "created_at >= " + b.param(c.at());
            });
        }
        after.ifPresent(a -> where.append(" and (created_at, asset_id) ").append(ascending ? ">" : "<")
                .append(" (").append(b.param(a.createdAt())).append(", ").append(b.param(a.assetId())).append(")"));
        String order = ascending ? " asc" : " desc";
        return new ListingQuery("select asset_id from asset where " + where + " order by created_at" + order
                + ", asset_id" + order + " limit " + limit, b.values);
    }

    /**
     * The distinct tags of a resource type in code point order (the column's collation "C", whatever the
     * database's), after {@code after}, starting with {@code prefix}: from table {@code asset_tag} (migration V11_5),
     * one index probe per tag, each for the least tag above the previous one (PostgreSQL has no skip scan).
     */
    public static ListingQuery tags(String cloud, String resourceType, String prefix, String after, int limit) {
        Builder b = new Builder();
        String pattern = likeLiteral(prefix) + "%";
        String first = next(b, cloud, resourceType, () -> b.param(after), pattern);
        String following = next(b, cloud, resourceType, () -> "previous.tag", pattern);
        return new ListingQuery("with recursive listed (tag) as ((" + first + ") union all select (" + following
                + ") from listed previous where previous.tag is not null) select tag from listed where tag is not null"
                + " limit " + limit, b.values);
    }

    /** The least tag above {@code above} (SQL, written in its place so that the parameters stay in order). */
    private static String next(Builder b, String cloud, String resourceType, Supplier<String> above,
                               String pattern) {
        return "select t.tag from asset_tag t where t.cloud = " + b.param(cloud) + " and t.resource_type = "
                + b.param(resourceType) + " and t.tag > " + above.get() + " and t.tag like " + b.param(pattern)
                + " escape '\\' order by t.tag limit 1";
    }

    /** The SQL with the reactive client's {@code $n} placeholders. */
    public String clientSql() {
        return sql.replaceAll("\\?(\\d+)", "\\$$1");
    }

    /** The SQL with JDBC's plain {@code ?} placeholders (the parameters are used once each, in order). */
    public String jdbcSql() {
        return sql.replaceAll("\\?\\d+", "?");
    }

    /** LIKE's wildcards and its escape character (the backslash, as the queries name it) taken literally. */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static final class Builder {
        private final List<Object> values = new ArrayList<>();

        String param(Object value) {
            values.add(value);
            return "?" + values.size();
        }

        String params(List<String> list) {
            StringJoiner joined = new StringJoiner(", ");
            list.forEach(v -> joined.add(param(v)));
            return joined.toString();
        }
    }
}
