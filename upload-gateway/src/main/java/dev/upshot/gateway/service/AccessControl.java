package dev.upshot.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.persistence.AccessRule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code access_control} parameter: a JSON list of rules (or one rule), as both SDKs send it. Dates are ISO-8601
 * as the Java SDK writes them ({@code 2019-02-22T14:20:57Z}) or as Node passes strings through
 * ({@code 2019-03-22 00:00 +0200}); they are kept to the second, in UTC, as Cloudinary echoes them.
 */
public final class AccessControl {
    private static final Set<String> KEYS = Set.of("access_type", "start", "end");
    /**
     * A date, then optionally 'T' or a space and a time (seconds and fraction optional), then optionally Z or an
     * offset, with or without a space before it; no zone means UTC.
     */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm").optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
            .optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0).parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .toFormatter();

    private AccessControl() {
    }

    /** @throws ApiException 400 naming what is wrong */
    public static List<AccessRule> parse(String json) {
        JsonNode node;
        try {
            node = EventCodec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !(node.isArray() || node.isObject())) {
            throw invalid("a JSON list of rules such as [{\"access_type\":\"anonymous\",\"start\":\"…\"}] is expected");
        }
        List<AccessRule> rules = new ArrayList<>();
        for (JsonNode rule : node.isArray() ? node : List.of(node)) {
            rules.add(rule(rule));
        }
        return rules;
    }

    private static AccessRule rule(JsonNode rule) {
        if (!rule.isObject()) {
            throw invalid("each rule is an object, got " + rule);
        }
        rule.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw invalid("unknown key '" + key + "'; a rule has access_type, start and end");
            }
        });
        String type = rule.path("access_type").asText("");
        return switch (type) {
            case AccessRule.TOKEN -> {
                if (rule.has("start") || rule.has("end")) {
                    throw invalid("a token rule has no start or end");
                }
                yield new AccessRule(type, null, null);
            }
            case AccessRule.ANONYMOUS -> {
                Instant start = instant(rule, "start");
                Instant end = instant(rule, "end");
                if (start != null && end != null && !end.isAfter(start)) {
                    throw invalid("end " + end + " is not after start " + start);
                }
                yield new AccessRule(type, start, end);
            }
            default -> throw invalid("access_type '" + type + "' is not one of anonymous, token");
        };
    }

    private static Instant instant(JsonNode rule, String key) {
        JsonNode value = rule.get(key);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        try {
            TemporalAccessor parsed = DATE.parseBest(value.asText().strip(), OffsetDateTime::from,
                    LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime at ? at.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return instant.truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw invalid(key + " '" + value.asText() + "' is not an ISO-8601 time, such as "
                    + "2026-01-31T12:00:00Z");
        }
    }

    private static ApiException invalid(String why) {
        return ApiException.badRequest("Invalid access_control: " + why);
    }
}
