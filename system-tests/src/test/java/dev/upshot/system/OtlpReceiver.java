package dev.upshot.system;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An OTLP/HTTP (protobuf) trace collector on 127.0.0.1 that keeps every span the services export. */
final class OtlpReceiver implements AutoCloseable {
    /** One exported span; ids in hex, {@code parentId} empty for a root span, times in epoch nanoseconds. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentId, String name, long startNanos,
                        long endNanos, Map<String, String> attributes) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
            request.getResourceSpansList().forEach(this::keep);
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    private void keep(ResourceSpans resourceSpans) {
        String service = strings(resourceSpans.getResource().getAttributesList()).get("service.name");
        for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
            scope.getSpansList().forEach(span -> spans.add(new ReceivedSpan(service, hex(span.getTraceId()),
                    hex(span.getSpanId()), hex(span.getParentSpanId()), span.getName(), span.getStartTimeUnixNano(),
                    span.getEndTimeUnixNano(), strings(span.getAttributesList()))));
        }
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        return attributes.stream().filter(a -> a.getValue().hasStringValue())
                .collect(Collectors.toMap(KeyValue::getKey, a -> a.getValue().getStringValue(), (a, b) -> a));
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    /** Where the services export to (the traces path is added by the exporter). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
