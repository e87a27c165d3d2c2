package dev.upshot.dispatcher.it;

import dev.upshot.dispatcher.config.AccountsConfig;
import dev.upshot.testsupport.WebhookReceiver;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** What every end-to-end test of the dispatcher has: a real receiver, Kafka clients, the account and the tables. */
abstract class DispatcherTestBase {
    /** First deliveries wait for the consumer's partition assignment. */
    static final Duration FIRST_DELIVERY = Duration.ofSeconds(60);

    static WebhookReceiver receiver;
    static KafkaProbe kafka;

    @Inject
    AccountsConfig accounts;

    @Inject
    AgroalDataSource database;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver(404);
        kafka = new KafkaProbe(KafkaTestTopics.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        receiver.close();
        kafka.close();
    }

    AccountsConfig.Account account() {
        return accounts.accounts().get("default");
    }

    DeliveryTables tables() {
        return new DeliveryTables(database);
    }
}
