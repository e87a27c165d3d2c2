package dev.upshot.local.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the platform's topics while the services start, and grows those an earlier, smaller {@code up} made, in
 * one call to the broker.
 *
 * <pre>
 * java -cp 'target/lib/*:target/upshot-local-infra.jar' dev.upshot.local.infra.KafkaTopics BOOTSTRAP PARTITIONS TOPIC...
 * </pre>
 *
 * Left to the broker's auto-creation, a fresh platform's first events waited 6 to 22 s: each service's first send to
 * a topic fails while the topic is being made, and its relay backs off. Growing remaps keys to partitions, so events
 * already in flight for one asset may be consumed out of order once; locally that is harmless. Prints what it did;
 * exits 1 when the broker cannot be reached or refuses.
 */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: KafkaTopics BOOTSTRAP PARTITIONS TOPIC...");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        List<String> wanted = List.of(args).subList(2, args.length);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        Map<String, NewPartitions> grow = new HashMap<>();
        int created = 0;
        try (Admin admin = Admin.create(props)) {
            var creations = admin.createTopics(wanted.stream()
                    .map(topic -> new NewTopic(topic, Optional.of(partitions), Optional.empty())).toList()).values();
            for (var creation : creations.values()) {
                try {
                    creation.get(60, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException e) {
                    // an earlier run made it, or a service that started meanwhile had the broker make it
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            for (TopicDescription d : admin.describeTopics(wanted).allTopicNames().get(60, TimeUnit.SECONDS).values()) {
                if (d.partitions().size() < partitions) {
                    grow.put(d.name(), NewPartitions.increaseTo(partitions));
                }
            }
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get(60, TimeUnit.SECONDS);
            }
        }
        // last, after the client's closing log lines: ./upshot shows this line
        System.out.printf("created %d, grew %d to %d partitions%n", created, grow.size(), partitions);
    }
}
