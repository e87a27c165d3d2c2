package dev.upshot.messaging;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event waiting to be relayed; the row is written in the transaction of the change it reports. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends StoredEvent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
}
