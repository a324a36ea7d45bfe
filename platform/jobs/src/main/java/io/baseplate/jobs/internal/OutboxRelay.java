package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.command.CommandTrigger;
import io.baseplate.api.outbox.EventFollower;
import io.baseplate.api.outbox.EventLog;

/**
 * Delivers committed outbox events, in SEQ order (see {@link DeliveryOrder}), each with its position as
 * {@link io.baseplate.api.outbox.Outbox#EVENT_SEQ}, on the one node that holds the relay lease. A page of
 * events is first, in one transaction, marked delivered and turned into the commands that handlers
 * subscribed with {@link CommandTrigger} (the event id is their dedupe key); a crash before that commit
 * delivers the page again after the restart, and still submits each command once. After the commit each
 * event goes, in order, to the {@link EventFollower}s (the live streams), on this thread, and then to the
 * {@link ObserverQueue}, which sends it to Event Admin's observers on a thread of its own.
 *
 * <p>This thread used to send each event to Event Admin itself, before the commit. Felix Event Admin
 * returns from a send only once every observer has returned, so one slow plugin observer held this
 * thread, and with it every later event, the live streams and the triggered commands. The price of not
 * waiting is the observers' guarantee: they used to get each event at least once (sent before the
 * commit, sent again after a crash); now at most once, since events still queued for them when the
 * process stops or dies are not sent again (nor those dropped while they are {@code observerQueueCapacity}
 * events behind). Work that must not be lost is a triggered command.
 */
@Component(service = OutboxRelay.class, immediate = true, configurationPid = OutboxRelay.PID)
@Designate(ocd = OutboxRelay.Config.class)
public class OutboxRelay {

    public static final String PID = "io.baseplate.outbox";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String LEASE = "outbox-relay";
    private static final int PAGE = 200;

    @ObjectClassDefinition(name = "Baseplate outbox relay")
    public @interface Config {

        @AttributeDefinition(name = "Poll interval (ms)", description = "How often undelivered events are looked for when nothing woke the relay", min = "10")
        long pollMillis() default 250;

        @AttributeDefinition(name = "Batching wait (ms)", description = "After a pass that delivered less than a page, "
                + "how long the relay lets events gather before the next: one commit for the events of many requests "
                + "rather than one each, at the cost of this much delivery latency", min = "0")
        long batchMillis() default 10;

        @AttributeDefinition(name = "Retention (h)", description = "How long delivered events are kept (the replay window)", min = "1")
        long retentionHours() default 24;

        @AttributeDefinition(name = "Gap wait (ms)", description = "How long an event waits for one of a lower "
                + "position that is still being committed (so events are delivered in position order, which live "
                + "streams resume by) before the relay gives up on that position (its transaction rolled back)",
                min = "0")
        long gapWaitMillis() default 1_000;

        @AttributeDefinition(name = "Lease (s)", description = "How long the relay is this node's without renewal", min = "3")
        long leaseSeconds() default 15;

        @AttributeDefinition(name = "Observer queue (events)", description = "Delivered events held for Event Admin's "
                + "observers (EventHandler services) while they are busy; beyond this many, newer events are dropped "
                + "for them (logged), so slow observers hold neither the relay nor memory", min = "1")
        int observerQueueCapacity() default 10_000;
    }

    private record PendingEvent(long seq, String id, String tenantId, String topic, String sourceId, String properties) {
    }

    private final DataSource dataSource;
    private final EventAdmin events;
    private final JobQueue queue;
    private final List<ServiceReference<CommandHandler>> triggered = new CopyOnWriteArrayList<>();
    private final List<EventFollower> followers = new CopyOnWriteArrayList<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final String owner = UUID.randomUUID().toString();
    private volatile boolean stopping;
    private Thread thread;
    private ObserverQueue observers;
    private Config config;
    private long nextCleanup;
    /** When the lease this node last wrote runs out, by {@link System#nanoTime}; renewed once half of it is left. */
    private long leaseHeldUntil;
    /** Read from the database whenever this node takes the lease, since another node may have delivered meanwhile. */
    private DeliveryOrder order;

    @Activate
    public OutboxRelay(@Reference(target = "(baseplate.datasource=platform)") DataSource dataSource,
                       @Reference EventAdmin events, @Reference JobQueue queue) {
        this.dataSource = dataSource;
        this.events = events;
        this.queue = queue;
    }

    @Reference(service = CommandHandler.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + CommandTrigger.PROPERTY + "=*)")
    void addTriggered(ServiceReference<CommandHandler> reference) {
        triggered.add(reference);
    }

    void removeTriggered(ServiceReference<CommandHandler> reference) {
        triggered.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFollower(EventFollower follower) {
        followers.add(follower);
    }

    void removeFollower(EventFollower follower) {
        followers.remove(follower);
    }

    @Activate
    void activate(Config configuration) {
        this.config = configuration;
        leaseHeldUntil = System.nanoTime();
        observers = new ObserverQueue(configuration.observerQueueCapacity(), events::sendEvent);
        observers.start();
        thread = new Thread(this::relay, "baseplate-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true;
        wakeUp.release();
        thread.join(10_000);
        observers.stop(5_000);
    }

    /** Events were committed: look now rather than at the next poll. */
    void wake() {
        wakeUp.release();
    }

    private void relay() {
        while (!stopping) {
            try {
                int delivered = 0;
                if (!holdLease()) {
                    order = null;
                } else {
                    if (order == null) {
                        order = new DeliveryOrder(lastDelivered(), Duration.ofMillis(config.gapWaitMillis()));
                    }
                    delivered = deliverPending();
                    cleanUp();
                }
                if (delivered < PAGE) {
                    if (delivered > 0 && config.batchMillis() > 0) {
                        Thread.sleep(config.batchMillis());
                    }
                    wakeUp.tryAcquire(config.pollMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Outbox relay failed, retrying: {}", e.toString());
                sleepQuietly(config.pollMillis());
            }
        }
    }

    private int deliverPending() throws SQLException {
        List<PendingEvent> pending = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT SEQ, ID, TENANT_ID, TOPIC, SOURCE_ID, PROPERTIES "
                     + "FROM OUTBOX_EVENTS WHERE DELIVERED_AT IS NULL ORDER BY DELIVERED_AT, SEQ LIMIT " + PAGE)) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.add(new PendingEvent(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6)));
                }
            }
        }
        int deliverable = order.deliverable(pending.stream().mapToLong(PendingEvent::seq).toArray(), System.nanoTime());
        if (deliverable == 0) {
            return 0;
        }
        List<DeliveredEvent> delivered = pending.subList(0, deliverable).stream()
                .map(event -> new DeliveredEvent(event, properties(event))).toList();
        recordDelivery(delivered);
        for (DeliveredEvent event : delivered) {
            follow(event);
            observers.offer(new Event(event.event().topic(), event.properties()));
        }
        return delivered.size();
    }

    /** An event being delivered, with the properties read once for the commands it triggers, its followers and Event Admin. */
    private record DeliveredEvent(PendingEvent event, Map<String, Object> properties) {
    }

    private void follow(DeliveredEvent delivered) {
        PendingEvent pending = delivered.event();
        EventLog.LoggedEvent event = new EventLog.LoggedEvent(pending.topic(), pending.seq(), pending.id(),
                pending.sourceId(), delivered.properties());
        for (EventFollower follower : followers) {
            try {
                follower.delivered(pending.tenantId(), event);
            } catch (RuntimeException e) {
                LOG.warn("Event follower {} failed on outbox event {} ({}); it misses that event",
                        follower.getClass().getName(), pending.id(), pending.topic(), e);
            }
        }
    }

    private static Map<String, Object> properties(PendingEvent pending) {
        return OutboxRows.deliveredProperties(pending.seq(), pending.id(), pending.tenantId(), pending.sourceId(),
                pending.properties());
    }

    /**
     * Marks a page of events delivered and submits the commands their topics trigger, in one transaction
     * (one commit per page), before any of them goes further: a failed commit or a crash before it
     * delivers the page again later, and the triggered commands' dedupe keys keep them one per event.
     */
    private void recordDelivery(List<DeliveredEvent> delivered) throws SQLException {
        boolean submitted = queue.store().inTransaction(connection -> {
            boolean any = false;
            for (DeliveredEvent deliveredEvent : delivered) {
                PendingEvent event = deliveredEvent.event();
                for (ServiceReference<CommandHandler> handler : triggered) {
                    if (subscribes(handler, event.topic())) {
                        JobRows.insert(connection, CommandRequest.of(event.tenantId(), commandType(handler),
                                asPayload(deliveredEvent.properties())).withDedupeKey("event:" + event.id()), null, queue.handled());
                        any = true;
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE OUTBOX_EVENTS SET DELIVERED_AT = ? WHERE SEQ = ?")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (DeliveredEvent event : delivered) {
                    update.setTimestamp(1, now);
                    update.setLong(2, event.event().seq());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return any;
        });
        if (submitted) {
            queue.jobsSubmitted();
        }
    }

    /** The highest delivered position, read backwards by the primary key: only the few newest rows are pending. */
    private long lastDelivered() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT SEQ FROM OUTBOX_EVENTS WHERE DELIVERED_AT IS NOT NULL ORDER BY SEQ DESC LIMIT 1");
             ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /**
     * Takes or renews the relay lease; true while this node holds it. Written only once half of it has run
     * out: a write per poll would be a commit every {@code pollMillis} on an idle node.
     */
    private boolean holdLease() throws SQLException {
        long leaseNanos = TimeUnit.SECONDS.toNanos(config.leaseSeconds());
        if (leaseHeldUntil - System.nanoTime() > leaseNanos / 2) {
            return true;
        }
        long renewing = System.nanoTime();
        boolean held = writeLease();
        leaseHeldUntil = held ? renewing + leaseNanos : renewing;
        return held;
    }

    private boolean writeLease() throws SQLException {
        Instant now = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement renew = connection.prepareStatement("UPDATE JOB_LEASES SET OWNER = ?, LEASE_UNTIL = ? "
                    + "WHERE NAME = ? AND (OWNER = ? OR LEASE_UNTIL < ?)")) {
                renew.setString(1, owner);
                renew.setTimestamp(2, Timestamp.from(now.plus(Duration.ofSeconds(config.leaseSeconds()))));
                renew.setString(3, LEASE);
                renew.setString(4, owner);
                renew.setTimestamp(5, Timestamp.from(now));
                if (renew.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO JOB_LEASES (NAME, OWNER, LEASE_UNTIL) VALUES (?, ?, ?)")) {
                insert.setString(1, LEASE);
                insert.setString(2, owner);
                insert.setTimestamp(3, Timestamp.from(now.plus(Duration.ofSeconds(config.leaseSeconds()))));
                return insert.executeUpdate() == 1;
            } catch (SQLException heldByAnotherNode) {
                return false;
            }
        }
    }

    /** Delivered events older than the retention go, at most once a minute. */
    private void cleanUp() throws SQLException {
        long now = System.nanoTime();
        if (now - nextCleanup < 0) {
            return;
        }
        nextCleanup = now + TimeUnit.MINUTES.toNanos(1);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM OUTBOX_EVENTS WHERE DELIVERED_AT < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofHours(config.retentionHours()))));
            delete.executeUpdate();
        }
    }

    private static boolean subscribes(ServiceReference<CommandHandler> handler, String topic) {
        Object topics = handler.getProperty(CommandTrigger.PROPERTY);
        if (topics instanceof String[] many) {
            for (String one : many) {
                if (topic.equals(one)) {
                    return true;
                }
            }
            return false;
        }
        return topic.equals(String.valueOf(topics));
    }

    private static Map<String, String> asPayload(Map<String, Object> properties) {
        Map<String, String> payload = new HashMap<>();
        properties.forEach((name, value) -> payload.put(name, String.valueOf(value)));
        return payload;
    }

    private static String commandType(ServiceReference<CommandHandler> reference) {
        return String.valueOf(reference.getProperty(CommandHandler.COMMAND_TYPE));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
