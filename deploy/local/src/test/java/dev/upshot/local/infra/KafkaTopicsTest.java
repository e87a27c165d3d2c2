package dev.upshot.local.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Against the test run's broker (./upshot test): topics are made while the services start, so some may exist already,
 * made by an earlier, smaller run or by the broker for a service that subscribed first.
 */
class KafkaTopicsTest {
    private static final String BOOTSTRAP = System.getenv("KAFKA_BOOTSTRAP_SERVERS");

    @Test
    void missingTopicsAreMadeAndExistingOnesGrownWithoutFailing() throws Exception {
        assertNotNull(BOOTSTRAP, "KAFKA_BOOTSTRAP_SERVERS: run the tests with ./upshot test");
        String existing = "topics-test-existing-" + UUID.randomUUID();
        String missing = "topics-test-missing-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(existing, Optional.of(1), Optional.empty()))).all()
                    .get(60, TimeUnit.SECONDS);

            assertEquals("created 1, grew 1 to 3 partitions", run(existing, missing));
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(existing, missing)).allTopicNames()
                    .get(60, TimeUnit.SECONDS);
            assertEquals(3, topics.get(existing).partitions().size());
            assertEquals(3, topics.get(missing).partitions().size());

            assertEquals("created 0, grew 0 to 3 partitions", run(existing, missing));
        }
    }

    private static String run(String... topics) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            String[] args = new String[topics.length + 2];
            args[0] = BOOTSTRAP;
            args[1] = "3";
            System.arraycopy(topics, 0, args, 2, topics.length);
            KafkaTopics.main(args);
        } finally {
            System.setOut(out);
        }
        return printed.toString().lines().toList().getLast();
    }
}
