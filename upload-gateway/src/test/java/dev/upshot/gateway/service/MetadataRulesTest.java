package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataRulesTest {
    static ObjectNode field(String json) throws Exception {
        return (ObjectNode) EventCodec.mapper().readTree(json);
    }

    static Map<String, ObjectNode> fields() throws Exception {
        return Map.of(
                "rating", field("""
                        {"external_id":"rating","label":"Rating","type":"enum","datasource":{"values":[
                        {"external_id":"good","value":"Good"},{"external_id":"old","value":"Old","state":"inactive"}]}}"""),
                "usage_types", field("""
                        {"external_id":"usage_types","label":"Usage","type":"set","datasource":{"values":[
                        {"external_id":"web","value":"Web"},{"external_id":"print","value":"Print"}]}}"""),
                "count", field("""
                        {"external_id":"count","label":"Count","type":"integer","validation":{"type":"and","rules":[
                        {"type":"greater_than","value":0},{"type":"less_than","value":10,"equals":true}]}}"""),
                "shot", field("""
                        {"external_id":"shot","label":"Shot","type":"date",
                        "validation":{"type":"greater_than","value":"2000-01-01"}}"""),
                "title", field("""
                        {"external_id":"title","label":"Title","type":"string","mandatory":true,"default_value":"untitled",
                        "validation":{"type":"strlen","min":2,"max":10}}"""));
    }

    static Map<String, JsonNode> values(String json) throws Exception {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        EventCodec.mapper().readTree(json).properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    @Test
    void validValuesAreStoredAndMandatoryDefaultsAdded() throws Exception {
        Map<String, Object> stored = MetadataRules.validate(fields(), values("""
                {"rating":"good","usage_types":["web","print"],"count":10,"shot":"2020-05-01"}"""));
        assertEquals(Map.of("rating", "good", "usage_types", List.of("web", "print"), "count", "10",
                "shot", "2020-05-01", "title", "untitled"), stored);
    }

    @Test
    void refusedValuesNameTheField() throws Exception {
        for (String bad : List.of("{\"nope\":\"x\"}", "{\"rating\":\"bad\"}", "{\"rating\":\"old\"}",
                "{\"usage_types\":[\"web\",\"tv\"]}", "{\"count\":\"ten\"}", "{\"count\":0}", "{\"count\":11}",
                "{\"shot\":\"1999-12-31\"}", "{\"shot\":\"May 1\"}", "{\"title\":\"x\"}",
                "{\"title\":\"much too long\"}",
                "{\"rating\":[\"good\"]}")) {
            ApiException refused = assertThrows(ApiException.class,
                    () -> MetadataRules.validate(fields(), values(bad)), bad);
            assertEquals(400, refused.status());
            String id = bad.substring(2, bad.indexOf('"', 2));
            assertTrue(refused.getMessage().contains(id), refused.getMessage());
        }
    }

    @Test
    void definitionsAreChecked() {
        assertThrows(ApiException.class, () -> MetadataRules.checkDefinition(
                field("{\"external_id\":\"a\",\"label\":\"A\",\"type\":\"colour\"}")));
        assertThrows(ApiException.class, () -> MetadataRules.checkDefinition(
                field("{\"external_id\":\"a\",\"label\":\"A\",\"type\":\"enum\"}")));
        assertThrows(ApiException.class, () -> MetadataRules.checkDefinition(
                field("{\"external_id\":\"a\",\"label\":\"A\",\"type\":\"string\",\"mandatory\":true}")));
        assertThrows(ApiException.class, () -> MetadataRules.checkDefinition(
                field("{\"external_id\":\"a b\",\"label\":\"A\",\"type\":\"string\"}")));
    }
}
