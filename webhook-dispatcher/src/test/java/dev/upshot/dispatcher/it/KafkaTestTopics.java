package dev.upshot.dispatcher.it;

import dev.upshot.contracts.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the topics before the application starts, so the consumer is assigned at once even where the broker does
 * not create topics on demand. The broker is the real one ./upshot test started (KAFKA_BOOTSTRAP_SERVERS).
 */
public class KafkaTestTopics implements QuarkusTestResourceLifecycleManager {
    static final String GROUP = "webhook-dispatcher";
    static final String DEAD_LETTERS = Topics.deadLetter(Topics.NOTIFICATION_REQUESTED, GROUP);

    static String bootstrapServers() {
        String servers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return servers == null || servers.isBlank() ? "127.0.0.1:9092" : servers;
    }

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String topic : List.of(Topics.NOTIFICATION_REQUESTED, Topics.NOTIFICATION_OUTCOME, DEAD_LETTERS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers() + " did not answer", e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
