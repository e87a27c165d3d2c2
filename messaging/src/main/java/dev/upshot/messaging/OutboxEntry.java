package dev.upshot.messaging;

/** An event waiting to be relayed; the row is written in the transaction of the change it reports. */
public class OutboxEntry extends StoredEvent {
    /** The row's id (relay order); null until the row is written. */
    public Long id;
}
