package dev.upshot.system;

import com.cloudinary.Cloudinary;
import dev.upshot.testsupport.WebhookReceiver;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged gateway, dispatcher, on_success runner, analysis and derivation workers as processes on the real Kafka, PostgreSQL and S3 started
 * by {@code ./upshot test}, with a webhook receiver and an SDK client. Started once for every system test class,
 * stopped when the test JVM ends.
 */
final class Platform {
    static final Duration STARTUP = Duration.ofSeconds(180);
    static final Duration DELIVERY = Duration.ofSeconds(60);
    private static Platform instance;

    final Map<String, String> env = new HashMap<>(TestAccount.SHARED.env());
    final ServiceProcess gateway;
    private volatile ServiceProcess dispatcher;
    private volatile ServiceProcess runner;
    private final ServiceProcess analysis;
    private final ServiceProcess derivation;
    final WebhookReceiver receiver;
    final OtlpReceiver traces;
    final Cloudinary cloudinary;

    private Platform() throws Exception {
        // a loaded CI machine may need longer than the default 10 s for a synchronous upload's on_success
        env.put("UPSHOT_PROCESSING_WAIT", "PT30S");
        // delivery may derive this one on request for any asset (EagerIT)
        env.put("UPSHOT_DERIVATION_ALLOWED", EagerIT.ALLOWED_ON_REQUEST);
        receiver = new WebhookReceiver(200);
        // every service exports its spans here, as to a collector (TracingIT); the other tests run with tracing on
        traces = new OtlpReceiver();
        env.put("UPSHOT_OTLP_ENDPOINT", traces.endpoint());
        env.put("UPSHOT_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms");
        dispatcher = ServiceProcess.start("webhook-dispatcher", env);
        derivation = ServiceProcess.start("derivation-worker", env);
        env.put("UPSHOT_DERIVATION_URL", derivation.uri("").toString());
        // the gateway proxies the delivery log's Admin API there; a replacement dispatcher keeps the port
        env.put("UPSHOT_DISPATCHER_URL", "http://127.0.0.1:" + dispatcher.port());
        int gatewayPort = ServiceProcess.freePort();
        // an upload from a URL may fetch the gateway's own delivery URLs (NodeSdkIT uploads a stored asset's url)
        env.put("UPSHOT_FETCH_LOOPBACK_PORTS", Integer.toString(gatewayPort));
        gateway = ServiceProcess.start("upload-gateway", env, gatewayPort);
        runner = ServiceProcess.start("onsuccess-runner", env);
        analysis = ServiceProcess.start("analysis-worker", env);
        dispatcher.awaitHealth("ready", false, STARTUP);
        gateway.awaitHealth("ready", false, STARTUP);
        runner.awaitHealth("ready", false, STARTUP);
        analysis.awaitHealth("ready", false, STARTUP);
        derivation.awaitHealth("ready", false, STARTUP);
        cloudinary = sdk(gateway);
    }

    static synchronized Platform get() throws Exception {
        if (instance == null) {
            instance = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    /** The services running now (replacements included). */
    List<ServiceProcess> services() {
        return List.of(gateway, dispatcher, runner, analysis, derivation);
    }

    Cloudinary sdk(ServiceProcess gateway) {
        return TestAccount.SHARED.sdk(gateway);
    }

    /** SIGKILLs the dispatcher and starts a replacement, as a crashed pod would be replaced. */
    void replaceDispatcher() throws Exception {
        int port = dispatcher.port();
        dispatcher.kill();
        dispatcher = ServiceProcess.start("webhook-dispatcher", env, port).awaitHealth("ready", false, STARTUP);
    }

    /** SIGKILLs the on_success runner and starts a replacement; returns the sandbox processes the killed one had. */
    List<ProcessHandle> replaceRunner() throws Exception {
        List<ProcessHandle> children = runner.descendants();
        runner = replace(runner, "onsuccess-runner");
        return children;
    }

    private ServiceProcess replace(ServiceProcess old, String module) throws Exception {
        old.kill();
        return ServiceProcess.start(module, env).awaitHealth("ready", false, STARTUP);
    }

    WebhookReceiver.Received awaitOne(String path) {
        await().atMost(DELIVERY).until(() -> !receiver.at(path).isEmpty());
        List<WebhookReceiver.Received> hits = receiver.at(path);
        assertEquals(1, hits.size(), "exactly one delivery");
        return hits.getFirst();
    }

    /** All at once: each service takes its graceful shutdown, and surefire kills a JVM still exiting after 30 s. */
    private void close() {
        List<Thread> closing = Stream.of(gateway, dispatcher, runner, analysis, derivation, receiver, traces)
                .map(part -> Thread.ofPlatform().start(() -> {
                    try {
                        part.close();
                    } catch (Exception e) {
                        // the JVM is ending; the other parts still get their chance
                    }
                })).toList();
        for (Thread thread : closing) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
