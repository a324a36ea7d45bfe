package io.baseplate.payments.internal;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import org.eclipse.persistence.config.QueryHints;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.outbox.OutboxWriter;
import io.baseplate.api.payment.AuthorizeRequest;
import io.baseplate.api.payment.CaptureRequest;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.Money;
import io.baseplate.api.payment.Operation;
import io.baseplate.api.payment.PaymentEvents;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.RefundRequest;
import io.baseplate.api.payment.StatusRequest;
import io.baseplate.api.payment.VoidRequest;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.support.Digests;

/**
 * Takes payments and the operations that follow them (capture, void, refund) as a state machine:
 * payment, then transactions, then one attempt per gateway call. Every attempt is stored, with the
 * idempotency key it will send, before its gateway is called, so a repeat, a concurrent duplicate or a
 * crash can never make a second charge: an outcome that is not known is stored as {@code UNKNOWN} and a
 * janitor command ({@link ResolvePaymentHandler}) asks the provider with the same key until it knows.
 * Every state change is announced through the outbox in the transaction of that change.
 */
@Component(service = PaymentService.class)
public class PaymentService {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
    static final String UNKNOWN_OUTCOME = "The gateway's answer was not received; the platform is asking the provider "
            + "what became of this payment. Do not charge the customer again";
    static final String ALL_GATEWAYS_FAILED = "No gateway could take the payment; nothing was charged";
    /** The first time the janitor asks about an unknown outcome: long enough for a slow provider to finish. */
    static final Duration FIRST_RESOLUTION_DELAY = Duration.ofSeconds(5);

    /** A validated payment request. */
    public record NewPayment(long amount, String currency, String country, String reference, String paymentMethod,
                             boolean capture) {
    }

    /** One gateway call of a transaction, as shown to the tenant. */
    public record AttemptView(String id, String gateway, TransactionStatus status, String providerReference,
                              String errorCode, String message, Instant createdAt) {
    }

    /** One operation on a payment, as shown to the tenant. */
    public record TransactionView(String id, Operation kind, TransactionStatus status, long amount, String gateway,
                                  String providerReference, Instant createdAt, Instant updatedAt,
                                  List<AttemptView> attempts) {
    }

    /** A payment as shown to its tenant; amounts in minor units, {@code amountDecimal} in major units. */
    public record PaymentView(String id, PaymentStatus status, String gateway, long amount, String amountDecimal,
                              String currency, String country, String reference, boolean capture,
                              long authorizedAmount, long capturedAmount, long refundedAmount, String providerReference,
                              String failureCode, String failureReason, Instant createdAt, Instant updatedAt,
                              List<TransactionView> transactions) {
    }

    /** The answer to a request; {@code replayed} when an earlier identical request is answered again. */
    public record Result(PaymentView payment, boolean replayed) {
    }

    private final Persistence persistence;
    private final TenantGateways gateways;
    private final Outbox outbox;
    private final CircuitBreakers breakers;

    @Activate
    public PaymentService(@Reference Persistence persistence, @Reference TenantGateways gateways,
                          @Reference Outbox outbox) {
        this(persistence, gateways, outbox, new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()));
        markInterruptedOperationsUnknown(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    PaymentService(Persistence persistence, TenantGateways gateways, Outbox outbox, CircuitBreakers breakers) {
        this.persistence = persistence;
        this.gateways = gateways;
        this.outbox = outbox;
        this.breakers = breakers;
    }

    // ---------------------------------------------------------------- payments

    public Result pay(String tenantId, String idempotencyKey, NewPayment request) {
        Money money = money(request.amount(), request.currency());
        String fingerprint = fingerprint(request);
        Optional<Result> earlier = replay(tenantId, idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<TenantGateways.Candidate> candidates = gateways.candidates(tenantId, money.currency(), request.country());
        Instant created = Persistence.now();
        PaymentEntity payment = new PaymentEntity(PaymentIds.next(), idempotencyKey, fingerprint, money.minorUnits(),
                money.currency(), request.country(), request.reference(), request.paymentMethod(), request.capture(),
                created);
        Ledger ledger = new Ledger(payment, new PaymentTransactionEntity(PaymentIds.next(), payment.getId(),
                Operation.AUTHORIZE, money.minorUnits(), null, null, created), new ArrayList<>());
        Fallback fallback = new Fallback(candidates, from -> nextAllowed(tenantId, candidates, from));
        // A sandbox gateway acts on nothing outside this process (the SPI forbids it any network call), so it is
        // called before anything is stored, and the payment is stored once, with its outcome. A live gateway is
        // called only once its attempt is stored (authorize).
        List<Outcome> sandboxOutcomes = new ArrayList<>();
        while (fallback.hasNext() && fallback.next().context().sandbox()) {
            TenantGateways.Candidate candidate = fallback.next();
            Outcome outcome = callAuthorize(tenantId, ledger, candidate, ledger.nextAttempt(candidate.gatewayId()),
                    money, request);
            sandboxOutcomes.add(outcome);
            fallback.after(outcome);
        }
        try {
            outbox.inTenant(persistence, tenantId, (em, changes) -> {
                PaymentTransactionEntity authorization = ledger.transaction();
                publish(changes, tenantId, payment, authorization);
                Instant now = Persistence.now();
                List<PaymentAttemptEntity> attempts = ledger.attempts();
                for (int i = 0; i < sandboxOutcomes.size(); i++) {
                    boolean decisive = fallback.decided() && i == sandboxOutcomes.size() - 1;
                    apply(changes, tenantId, payment, authorization, attempts.get(i), sandboxOutcomes.get(i), decisive,
                            now);
                }
                if (fallback.hasNext()) {
                    ledger.nextAttempt(fallback.next().gatewayId());
                } else if (!fallback.decided()) {
                    failEverywhere(payment, authorization, fallback, now);
                }
                em.persist(payment);
                em.persist(authorization);
                attempts.forEach(em::persist);
                if (payment.getStatus() != PaymentStatus.PENDING) {
                    publish(changes, tenantId, payment, authorization);
                }
                return null;
            });
        } catch (PersistenceException duplicateKey) {
            // A concurrent request with the same key stored its payment first: answer with that one.
            return replay(tenantId, idempotencyKey, fingerprint).orElseThrow(() -> duplicateKey);
        }
        if (fallback.hasNext()) {
            authorize(tenantId, ledger, fallback, money, request);
        }
        return new Result(view(ledger.payment(), List.of(transactionView(ledger.transaction(), ledger.attempts()))), false);
    }

    /** The index of the first candidate from {@code from} whose circuit lets a call through, or the list's size. */
    private int nextAllowed(String tenantId, List<TenantGateways.Candidate> candidates, int from) {
        for (int i = from; i < candidates.size(); i++) {
            if (breakers.allows(tenantId, candidates.get(i).gatewayId())) {
                return i;
            }
            LOG.info("Gateway {} skipped for tenant {}: its circuit is open", candidates.get(i).gatewayId(), tenantId);
        }
        return candidates.size();
    }

    /**
     * Where an authorization stands in the tenant's list of gateways: the candidate to call next, whether an
     * outcome other than a retryable failure decided it, and the last retryable failure's code and message.
     */
    private static final class Fallback {

        private final List<TenantGateways.Candidate> candidates;
        /** From an index, the first candidate's index whose circuit lets a call through, or the list's size. */
        private final IntUnaryOperator nextAllowed;
        private int index;
        private boolean decided;
        private String lastCode;
        private String lastMessage;

        Fallback(List<TenantGateways.Candidate> candidates, IntUnaryOperator nextAllowed) {
            this.candidates = candidates;
            this.nextAllowed = nextAllowed;
            this.index = nextAllowed.applyAsInt(0);
            if (index > 0) {
                lastCode = "circuit_open";
                lastMessage = "The tenant's gateways for this market are failing; skipped for now";
            }
        }

        boolean hasNext() {
            return !decided && index < candidates.size();
        }

        TenantGateways.Candidate next() {
            return candidates.get(index);
        }

        boolean decided() {
            return decided;
        }

        /** After a call: a retryable failure moves on to the next allowed candidate; any other outcome decides. */
        void after(Outcome outcome) {
            if (outcome.kind() != GatewayException.Kind.RETRYABLE) {
                decided = true;
                return;
            }
            lastCode = outcome.code();
            lastMessage = outcome.message();
            index = nextAllowed.applyAsInt(index + 1);
        }
    }

    private Outcome callAuthorize(String tenantId, Ledger ledger, TenantGateways.Candidate candidate,
                                  PaymentAttemptEntity attempt, Money money, NewPayment request) {
        AuthorizeRequest call = new AuthorizeRequest(ledger.payment().getId(), attempt.getProviderIdempotencyKey(),
                money, request.country(), request.paymentMethod(), request.reference(), request.capture());
        return call(tenantId, candidate.gatewayId(), () -> candidate.gateway().authorize(candidate.context(), call));
    }

    /** Every gateway failed, or had its circuit open: nothing was charged. */
    private static void failEverywhere(PaymentEntity payment, PaymentTransactionEntity authorization, Fallback fallback,
                                       Instant now) {
        authorization.finish(TransactionStatus.FAILED, null, null, now);
        payment.failedBecause(fallback.lastCode,
                ALL_GATEWAYS_FAILED + (fallback.lastMessage == null ? "" : ": " + fallback.lastMessage));
        payment.moveTo(PaymentStatus.FAILED, now);
    }

    /**
     * Calls the live candidates in order from the fallback's next one, whose attempt is already stored, the next
     * only after a retryable failure of the one before; gateways whose circuit is open are skipped.
     */
    private void authorize(String tenantId, Ledger ledger, Fallback fallback, Money money, NewPayment request) {
        while (fallback.hasNext()) {
            TenantGateways.Candidate candidate = fallback.next();
            List<PaymentAttemptEntity> attempts = ledger.attempts();
            PaymentAttemptEntity attempt = attempts.get(attempts.size() - 1);
            Outcome outcome = callAuthorize(tenantId, ledger, candidate, attempt, money, request);
            fallback.after(outcome);
            if (fallback.decided()) {
                finishAttempt(tenantId, ledger, attempt, outcome, true, null);
                return;
            }
            // The next attempt is stored with this one's failure, before its gateway is called.
            finishAttempt(tenantId, ledger, attempt, outcome, false,
                    fallback.hasNext() ? fallback.next().gatewayId() : null);
        }
        PaymentEntity payment = ledger.payment();
        PaymentTransactionEntity authorization = ledger.transaction();
        TransactionStatus expected = authorization.getStatus();
        outbox.inTenant(persistence, tenantId, (em, changes) -> {
            failEverywhere(payment, authorization, fallback, Persistence.now());
            saveDecision(em, changes, tenantId, payment, authorization, expected);
            return null;
        });
    }

    // ---------------------------------------------------------------- capture, void, refund

    /** Captures an authorized payment, in full when {@code amount} is null. */
    public Result capture(String tenantId, String paymentId, String idempotencyKey, Long amount) {
        return operate(tenantId, paymentId, Operation.CAPTURE, idempotencyKey, amount, (payment, money) -> {
            requireStatus(payment, Operation.CAPTURE, PaymentStatus.AUTHORIZED);
            if (money.minorUnits() > payment.getAuthorizedAmount()) {
                throw DomainException.rejected("Cannot capture " + money.minorUnits() + ": only "
                        + payment.getAuthorizedAmount() + " minor units were authorized");
            }
        }, payment -> payment.getAuthorizedAmount(), (gateway, context, payment, transaction, key, money) ->
                gateway.capture(context, new CaptureRequest(payment.getId(), key, payment.getProviderReference(), money)));
    }

    /** Releases an authorization that was not captured. */
    public Result voidAuthorization(String tenantId, String paymentId, String idempotencyKey) {
        return operate(tenantId, paymentId, Operation.VOID, idempotencyKey, null,
                (payment, money) -> requireStatus(payment, Operation.VOID, PaymentStatus.AUTHORIZED),
                payment -> payment.getAuthorizedAmount(), (gateway, context, payment, transaction, key, money) ->
                        gateway.voidAuthorization(context, new VoidRequest(payment.getId(), key,
                                payment.getProviderReference())));
    }

    /** Refunds a captured payment, in full (what is left of it) when {@code amount} is null. */
    public Result refund(String tenantId, String paymentId, String idempotencyKey, Long amount) {
        return operate(tenantId, paymentId, Operation.REFUND, idempotencyKey, amount, (payment, money) -> {
            requireStatus(payment, Operation.REFUND, PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED);
            long refundable = payment.getCapturedAmount() - payment.getRefundedAmount();
            if (money.minorUnits() > refundable) {
                throw DomainException.rejected("Cannot refund " + money.minorUnits() + " minor units: "
                        + refundable + " of the " + payment.getCapturedAmount() + " captured are left to refund");
            }
        }, payment -> payment.getCapturedAmount() - payment.getRefundedAmount(),
                (gateway, context, payment, transaction, key, money) -> gateway.refund(context, new RefundRequest(
                        payment.getId(), transaction.getId(), key, payment.getProviderReference(), money)));
    }

    @FunctionalInterface
    private interface Check {
        void check(PaymentEntity payment, Money money);
    }

    @FunctionalInterface
    private interface DefaultAmount {
        long of(PaymentEntity payment);
    }

    @FunctionalInterface
    private interface GatewayCall {
        GatewayResult call(PaymentGateway gateway, GatewayContext context, PaymentEntity payment,
                           PaymentTransactionEntity transaction, String providerKey, Money money) throws Exception;
    }

    private Result operate(String tenantId, String paymentId, Operation kind, String idempotencyKey, Long amount,
                           Check check, DefaultAmount defaultAmount, GatewayCall gatewayCall) {
        String fingerprint = Digests.sha256Hex(kind + "\n" + (amount == null ? "" : amount));
        Optional<Result> earlier = replayOperation(tenantId, paymentId, kind, idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Ledger ledger;
        try {
            ledger = outbox.inTenant(persistence, tenantId, (em, changes) -> {
                // The row lock makes operations on one payment take turns, so two refunds cannot both pass the check.
                PaymentEntity payment = em.find(PaymentEntity.class, paymentId, LockModeType.PESSIMISTIC_WRITE);
                if (payment == null) {
                    throw DomainException.notFound("No payment with id '" + paymentId + "'");
                }
                if (transactions(em, paymentId).stream().anyMatch(t -> !t.getStatus().isFinal())) {
                    throw DomainException.conflict("Another operation on payment '" + paymentId
                            + "' is in progress; retry when it has finished");
                }
                Money money = money(amount == null ? defaultAmount.of(payment) : amount, payment.getCurrency());
                if (money.minorUnits() == 0) {
                    throw DomainException.rejected("Nothing is left to " + kind.name().toLowerCase() + " on payment '"
                            + paymentId + "'");
                }
                check.check(payment, money);
                requirePartialSupport(tenantId, payment, kind, money);
                PaymentTransactionEntity transaction = new PaymentTransactionEntity(PaymentIds.next(),
                        paymentId, kind, money.minorUnits(), idempotencyKey, fingerprint, Persistence.now());
                em.persist(transaction);
                return new Ledger(payment, transaction, new ArrayList<>());
            });
        } catch (PersistenceException duplicateKey) {
            return replayOperation(tenantId, paymentId, kind, idempotencyKey, fingerprint).orElseThrow(() -> duplicateKey);
        }
        PaymentEntity payment = ledger.payment();
        String gatewayId = payment.getGateway();
        Money money = new Money(ledger.transaction().getAmount(), payment.getCurrency());
        PaymentAttemptEntity attempt = startAttempt(tenantId, ledger, gatewayId);
        Outcome outcome = callHoldingGateway(tenantId, gatewayId, (gateway, context) -> gatewayCall.call(gateway,
                context, payment, ledger.transaction(), attempt.getProviderIdempotencyKey(), money));
        finishAttempt(tenantId, ledger, attempt, outcome, true, null);
        return new Result(find(tenantId, paymentId).orElseThrow(), false);
    }

    private void requirePartialSupport(String tenantId, PaymentEntity payment, Operation kind, Money money) {
        boolean partial = switch (kind) {
            case CAPTURE -> money.minorUnits() < payment.getAuthorizedAmount();
            case REFUND -> money.minorUnits() < payment.getCapturedAmount();
            default -> false;
        };
        if (!partial) {
            return;
        }
        gateways.installed(payment.getGateway()).ifPresent(gateway -> {
            var capabilities = gateway.capabilities();
            if (kind == Operation.CAPTURE && !capabilities.partialCapture()
                    || kind == Operation.REFUND && !capabilities.partialRefunds()) {
                throw DomainException.rejected("Gateway '" + payment.getGateway() + "' cannot "
                        + kind.name().toLowerCase() + " part of a payment; " + kind.name().toLowerCase()
                        + " all of it");
            }
        });
    }

    private static void requireStatus(PaymentEntity payment, Operation kind, PaymentStatus... allowed) {
        for (PaymentStatus status : allowed) {
            if (payment.getStatus() == status) {
                return;
            }
        }
        throw DomainException.conflict("Cannot " + kind.name().toLowerCase() + " payment '" + payment.getId()
                + "': it is " + payment.getStatus() + ", and only a payment that is " + List.of(allowed)
                + " can be");
    }

    // ---------------------------------------------------------------- resolution of unknown outcomes

    /**
     * Asks the provider what became of every operation on the payment whose outcome is unknown, and
     * records what it says. Answers whether the payment still has an unknown outcome.
     */
    public boolean resolve(String tenantId, String paymentId) {
        Optional<PaymentEntity> found = persistence.inTenant(tenantId,
                em -> Optional.ofNullable(em.find(PaymentEntity.class, paymentId)));
        if (found.isEmpty()) {
            return false;
        }
        PaymentEntity payment = found.get();
        boolean stillUnknown = false;
        for (PaymentTransactionEntity transaction : persistence.inTenant(tenantId, em -> transactions(em, paymentId))) {
            if (transaction.getStatus() != TransactionStatus.UNKNOWN) {
                continue;
            }
            List<PaymentAttemptEntity> attempts = attempts(tenantId, List.of(transaction.getId()));
            PaymentAttemptEntity attempt = attempts.get(attempts.size() - 1);
            Ledger ledger = new Ledger(payment, transaction, new ArrayList<>(attempts));
            Money money = new Money(transaction.getAmount(), payment.getCurrency());
            // The operation's own reference when the provider gave one; a refund without one is looked up
            // through its payment's.
            String reference = switch (transaction.getKind()) {
                case AUTHORIZE -> attempt.getProviderReference();
                case REFUND -> attempt.getProviderReference() != null ? attempt.getProviderReference()
                        : payment.getProviderReference();
                default -> payment.getProviderReference();
            };
            StatusRequest question = new StatusRequest(transaction.getKind(), paymentId,
                    attempt.getProviderIdempotencyKey(), reference, money, payment.getPaymentMethod(),
                    payment.isCaptureRequested(), payment.getReference());
            Outcome outcome = callHoldingGateway(tenantId, attempt.getGateway(),
                    (gateway, context) -> gateway.status(context, question));
            if (outcome.kind() != null || outcome.result().outcome() == GatewayResult.Outcome.PROCESSING) {
                LOG.info("Payment {} of tenant {}: {} still unknown at {}: {}", paymentId, tenantId,
                        transaction.getKind(), attempt.getGateway(), outcome.message());
                stillUnknown = true;
                continue;
            }
            try {
                finishAttempt(tenantId, ledger, attempt, outcome, true, null);
                payment = ledger.payment();
            } catch (AlreadyRecorded recordedMeanwhile) {
                payment = reload(tenantId, paymentId);
            }
        }
        return stillUnknown;
    }

    /**
     * Applies what a verified webhook reports: the operation of the payment it names whose outcome was
     * not known takes the reported outcome. An event that matches nothing unknown changes nothing.
     *
     * @return whether the event changed a payment
     */
    public boolean applyProviderEvent(String tenantId, String gatewayId, String paymentId, String providerReference,
                                      Operation operation, GatewayResult result) {
        Optional<PaymentEntity> found = persistence.inTenant(tenantId, em -> paymentId != null
                ? Optional.ofNullable(em.find(PaymentEntity.class, paymentId))
                : em.createNamedQuery(PaymentEntity.BY_PROVIDER_REFERENCE, PaymentEntity.class)
                        .setParameter("gateway", gatewayId).setParameter("reference", providerReference)
                        .getResultStream().findFirst());
        if (found.isEmpty() || result.outcome() == GatewayResult.Outcome.PROCESSING) {
            return false;
        }
        PaymentEntity payment = found.get();
        for (PaymentTransactionEntity transaction : persistence.inTenant(tenantId, em -> transactions(em, payment.getId()))) {
            // A provider may report an authorization that captured at once as a capture.
            boolean matches = transaction.getKind() == operation
                    || transaction.getKind() == Operation.AUTHORIZE && operation == Operation.CAPTURE;
            if (!matches || transaction.getStatus() != TransactionStatus.UNKNOWN) {
                continue;
            }
            List<PaymentAttemptEntity> attempts = attempts(tenantId, List.of(transaction.getId()));
            PaymentAttemptEntity attempt = attempts.get(attempts.size() - 1);
            if (!attempt.getGateway().equals(gatewayId)) {
                continue;
            }
            try {
                finishAttempt(tenantId, new Ledger(payment, transaction, new ArrayList<>(attempts)), attempt,
                        Outcome.answered(result), true, null);
                return true;
            } catch (AlreadyRecorded recordedMeanwhile) {
                return false;
            }
        }
        return false;
    }

    /**
     * Operations left {@code PENDING} by a process that stopped before this one started were being sent
     * when it died: their outcome is unknown, so they become {@code UNKNOWN} and the janitor asks the
     * provider. Operations of this process are left alone, so a re-activation never touches a call in flight.
     */
    void markInterruptedOperationsUnknown(Instant processStart) {
        List<Object[]> interrupted = persistence.inPlatform(em -> {
            // The one deliberate cross-tenant read: recovery acts for every tenant.
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT ID, TENANT_ID, PAYMENT_ID FROM PAYMENT_TRANSACTIONS "
                            + "WHERE STATUS = 'PENDING' AND UPDATED_AT < ?")
                    .setHint(QueryHints.ALLOW_NATIVE_SQL_QUERY, true)
                    .setParameter(1, Timestamp.from(processStart)).getResultList();
            return rows;
        });
        for (Object[] row : interrupted) {
            String transactionId = (String) row[0];
            String tenantId = (String) row[1];
            String paymentId = (String) row[2];
            outbox.inTenant(persistence, tenantId, (em, changes) -> {
                PaymentEntity payment = em.find(PaymentEntity.class, paymentId);
                PaymentTransactionEntity transaction = em.find(PaymentTransactionEntity.class, transactionId);
                List<PaymentAttemptEntity> attempts = attemptsIn(em, List.of(transactionId));
                if (attempts.isEmpty()) {
                    // Stopped before any gateway was called: nothing can have been charged.
                    transaction.finish(TransactionStatus.FAILED, null, null, Persistence.now());
                    if (transaction.getKind() == Operation.AUTHORIZE) {
                        payment.failedBecause("interrupted", "The platform stopped before any gateway was called; "
                                + "nothing was charged");
                        payment.moveTo(PaymentStatus.FAILED, Persistence.now());
                    }
                } else {
                    PaymentAttemptEntity last = attempts.get(attempts.size() - 1);
                    last.finish(TransactionStatus.UNKNOWN, null, "interrupted",
                            "The platform stopped during this call", Persistence.now());
                    markUnknown(changes, tenantId, payment, transaction, last.getGateway());
                }
                publish(changes, tenantId, payment, transaction);
                return null;
            });
        }
        if (!interrupted.isEmpty()) {
            LOG.warn("{} payment operation(s) were in progress when the previous process stopped; the janitor is "
                    + "asking their gateways what became of them", interrupted.size());
        }
    }

    // ---------------------------------------------------------------- reads

    public Optional<PaymentView> find(String tenantId, String paymentId) {
        return persistence.inTenant(tenantId, em -> {
            PaymentEntity payment = em.find(PaymentEntity.class, paymentId);
            if (payment == null) {
                return Optional.empty();
            }
            List<PaymentTransactionEntity> transactions = transactions(em, paymentId);
            List<PaymentAttemptEntity> attempts = transactions.isEmpty() ? List.of()
                    : attemptsIn(em, transactions.stream().map(PaymentTransactionEntity::getId).toList());
            List<TransactionView> views = new ArrayList<>();
            for (PaymentTransactionEntity transaction : transactions) {
                views.add(transactionView(transaction, attempts.stream()
                        .filter(a -> a.getTransactionId().equals(transaction.getId())).toList()));
            }
            return Optional.of(view(payment, views));
        });
    }

    /** A page of the tenant's payments, newest first, optionally of one status and currency. */
    public record Page(List<PaymentView> payments, String nextCursor) {
    }

    public Page list(String tenantId, PaymentStatus status, String currency, String cursor, int limit) {
        PaymentCursor after = cursor == null ? null : PaymentCursor.parse(cursor);
        StringBuilder jpql = new StringBuilder("SELECT p FROM PaymentEntity p WHERE 1 = 1");
        if (status != null) {
            jpql.append(" AND p.status = :status");
        }
        if (currency != null) {
            jpql.append(" AND p.currency = :currency");
        }
        if (after != null) {
            jpql.append(" AND (p.createdAt < :createdAt OR (p.createdAt = :createdAt AND p.id < :id))");
        }
        jpql.append(" ORDER BY p.createdAt DESC, p.id DESC");
        List<PaymentEntity> rows = persistence.inTenant(tenantId, em -> {
            var query = em.createQuery(jpql.toString(), PaymentEntity.class).setMaxResults(limit + 1);
            if (status != null) {
                query.setParameter("status", status);
            }
            if (currency != null) {
                query.setParameter("currency", currency);
            }
            if (after != null) {
                query.setParameter("createdAt", after.createdAt()).setParameter("id", after.id());
            }
            return query.getResultList();
        });
        List<PaymentView> views = rows.stream().limit(limit).map(p -> view(p, null)).toList();
        String next = rows.size() > limit
                ? new PaymentCursor(views.get(limit - 1).createdAt(), views.get(limit - 1).id()).toCursor() : null;
        return new Page(views, next);
    }

    // ---------------------------------------------------------------- the machinery

    /** A payment, the transaction being worked on, and its attempts so far, as last committed by this request. */
    private static final class Ledger {

        private final PaymentEntity payment;
        private final PaymentTransactionEntity transaction;
        private final List<PaymentAttemptEntity> attempts;

        Ledger(PaymentEntity payment, PaymentTransactionEntity transaction, List<PaymentAttemptEntity> attempts) {
            this.payment = payment;
            this.transaction = transaction;
            this.attempts = attempts;
        }

        PaymentEntity payment() {
            return payment;
        }

        PaymentTransactionEntity transaction() {
            return transaction;
        }

        List<PaymentAttemptEntity> attempts() {
            return attempts;
        }

        /** A new attempt of this transaction at a gateway, with the provider idempotency key derived from its number. */
        PaymentAttemptEntity nextAttempt(String gatewayId) {
            String providerKey = "bp-" + transaction.getId() + "-" + (attempts.size() + 1);
            PaymentAttemptEntity attempt = new PaymentAttemptEntity(PaymentIds.next(), transaction.getId(),
                    gatewayId, providerKey, Persistence.now());
            attempts.add(attempt);
            return attempt;
        }
    }

    /** What a gateway call produced: a result, or the kind of failure with its code and message. */
    private record Outcome(GatewayResult result, GatewayException.Kind kind, String code, String message) {

        static Outcome answered(GatewayResult result) {
            return new Outcome(result, null, result.code(), result.message());
        }

        static Outcome failed(GatewayException.Kind kind, String code, String message) {
            return new Outcome(null, kind, code, message);
        }
    }

    @FunctionalInterface
    private interface Call {
        GatewayResult call() throws Exception;
    }

    @FunctionalInterface
    private interface CallWithGateway {
        GatewayResult call(PaymentGateway gateway, GatewayContext context) throws Exception;
    }

    /**
     * Calls a gateway and turns anything it does into an outcome. A {@link Throwable} that is not a
     * {@link GatewayException} is a plugin's bug, and the plugin may have sent the request before it:
     * the outcome is unknown, never a failure that would let another gateway charge too.
     */
    private Outcome call(String tenantId, String gatewayId, Call call) {
        try {
            GatewayResult result = call.call();
            if (result == null) {
                throw new IllegalStateException("the gateway returned no result");
            }
            breakers.succeeded(tenantId, gatewayId);
            return Outcome.answered(result);
        } catch (GatewayException e) {
            // A refusal of the request is an answer: the gateway works, and a half-open circuit closes.
            if (e.kind() == GatewayException.Kind.REJECTED) {
                breakers.succeeded(tenantId, gatewayId);
            } else {
                breakers.failed(tenantId, gatewayId);
            }
            LOG.warn("Gateway {} for tenant {}: {} ({})", gatewayId, tenantId, e.getMessage(), e.kind());
            return Outcome.failed(e.kind(), e.code(), e.getMessage());
        } catch (Throwable e) {
            breakers.failed(tenantId, gatewayId);
            // Its message may name Java internals, so the tenant sees only that the plugin failed.
            LOG.warn("Gateway {} failed for tenant {}", gatewayId, tenantId, e);
            return Outcome.failed(GatewayException.Kind.OUTCOME_UNKNOWN, "gateway_error",
                    "The gateway plugin failed during the call");
        }
    }

    /** Calls the gateway that holds a payment, with the tenant's context for it. */
    private Outcome callHoldingGateway(String tenantId, String gatewayId, CallWithGateway call) {
        Optional<PaymentGateway> gateway = gateways.installed(gatewayId);
        Optional<GatewayContext> context = gateways.context(tenantId, gatewayId);
        if (gateway.isEmpty() || context.isEmpty()) {
            // Not a provider answer: the operation is not sent, so it stays retryable by the janitor or the client.
            return Outcome.failed(GatewayException.Kind.RETRYABLE, "gateway_not_installed",
                    "Gateway '" + gatewayId + "' is not installed or not set up for this tenant");
        }
        return call(tenantId, gatewayId, () -> call.call(gateway.get(), context.get()));
    }

    /** Stores an attempt, with the idempotency key it sends, before its gateway is called. */
    private PaymentAttemptEntity startAttempt(String tenantId, Ledger ledger, String gatewayId) {
        PaymentAttemptEntity attempt = ledger.nextAttempt(gatewayId);
        persistence.inTenant(tenantId, em -> {
            em.persist(attempt);
            return null;
        });
        return attempt;
    }

    /**
     * Records an attempt's outcome and, when {@code decisive}, what it means for the transaction and the
     * payment; a retryable failure that another gateway will follow records the attempt alone, and stores
     * the attempt at {@code nextGateway} (when not null) in the same transaction. The rows are written from
     * this request's copies, which it alone changes (operations on a payment take turns), without reading
     * them again; the transaction's row only if it is still as this request last saw it.
     *
     * @throws AlreadyRecorded when another caller recorded the transaction's outcome first
     */
    private void finishAttempt(String tenantId, Ledger ledger, PaymentAttemptEntity attempt, Outcome outcome,
                               boolean decisive, String nextGateway) {
        PaymentEntity payment = ledger.payment();
        PaymentTransactionEntity transaction = ledger.transaction();
        TransactionStatus expected = transaction.getStatus();
        outbox.inTenant(persistence, tenantId, (em, changes) -> {
            if (nextGateway != null) {
                em.persist(ledger.nextAttempt(nextGateway));
            }
            boolean changed = apply(changes, tenantId, payment, transaction, attempt, outcome, decisive,
                    Persistence.now());
            attempt.saveOutcome(em);
            if (changed) {
                saveDecision(em, changes, tenantId, payment, transaction, expected);
            }
            return null;
        });
    }

    /**
     * Writes the transaction's outcome and the payment's state from this request's copies, with the event; the
     * transaction's row only if it is still {@code expected}.
     *
     * @throws AlreadyRecorded when another caller recorded the transaction's outcome first
     */
    private static void saveDecision(EntityManager em, OutboxWriter changes, String tenantId, PaymentEntity payment,
                                     PaymentTransactionEntity transaction, TransactionStatus expected) {
        if (!transaction.saveOutcome(em, expected)) {
            throw new AlreadyRecorded();
        }
        payment.saveState(em);
        publish(changes, tenantId, payment, transaction);
    }

    /** Another caller recorded a transaction's outcome first; this one's work is void. */
    private static final class AlreadyRecorded extends RuntimeException {

        private static final long serialVersionUID = 1L;

        AlreadyRecorded() {
            super(null, null, false, false);
        }
    }

    /** Applies an outcome to the attempt, and when decisive to the transaction and payment; answers whether those changed. */
    private static boolean apply(OutboxWriter changes, String tenantId, PaymentEntity payment,
                                 PaymentTransactionEntity transaction, PaymentAttemptEntity attempt, Outcome outcome,
                                 boolean decisive, Instant now) {
        GatewayResult result = outcome.result();
        String gatewayId = attempt.getGateway();
        if (result == null) {
            TransactionStatus status = outcome.kind() == GatewayException.Kind.OUTCOME_UNKNOWN
                    ? TransactionStatus.UNKNOWN : TransactionStatus.FAILED;
            attempt.finish(status, null, outcome.code(), outcome.message(), now);
            if (!decisive) {
                return false;
            }
            if (status == TransactionStatus.UNKNOWN) {
                markUnknown(changes, tenantId, payment, transaction, gatewayId);
            } else {
                transaction.finish(TransactionStatus.FAILED, gatewayId, null, now);
                if (transaction.getKind() == Operation.AUTHORIZE) {
                    payment.failedBecause(outcome.code(), outcome.message());
                    payment.moveTo(PaymentStatus.FAILED, now);
                }
            }
        } else if (result.outcome() == GatewayResult.Outcome.PROCESSING) {
            attempt.finish(TransactionStatus.UNKNOWN, result.providerReference(), result.code(), result.message(), now);
            markUnknown(changes, tenantId, payment, transaction, gatewayId);
        } else if (result.outcome() == GatewayResult.Outcome.DECLINED) {
            attempt.finish(TransactionStatus.DECLINED, result.providerReference(), result.code(), result.message(), now);
            transaction.finish(TransactionStatus.DECLINED, gatewayId, result.providerReference(), now);
            if (transaction.getKind() == Operation.AUTHORIZE) {
                payment.heldBy(gatewayId, result.providerReference());
                payment.failedBecause(result.code(), result.message());
                payment.moveTo(PaymentStatus.DECLINED, now);
            }
        } else {
            attempt.finish(TransactionStatus.SUCCEEDED, result.providerReference(), result.code(), null, now);
            transaction.finish(TransactionStatus.SUCCEEDED, gatewayId, result.providerReference(), now);
            succeed(payment, transaction, result, gatewayId, now);
        }
        return true;
    }

    /** What a successful operation does to the payment's amounts and state. */
    private static void succeed(PaymentEntity payment, PaymentTransactionEntity transaction, GatewayResult result,
                                String gatewayId, Instant now) {
        payment.failedBecause(null, null);
        switch (transaction.getKind()) {
            case AUTHORIZE -> {
                payment.heldBy(gatewayId, result.providerReference());
                payment.authorized(transaction.getAmount());
                if (result.outcome() == GatewayResult.Outcome.CAPTURED) {
                    payment.captured(transaction.getAmount());
                    payment.moveTo(PaymentStatus.CAPTURED, now);
                } else {
                    payment.moveTo(PaymentStatus.AUTHORIZED, now);
                }
            }
            case CAPTURE -> {
                payment.captured(transaction.getAmount());
                payment.moveTo(PaymentStatus.CAPTURED, now);
            }
            case VOID -> payment.moveTo(PaymentStatus.VOIDED, now);
            case REFUND -> {
                payment.refunded(transaction.getAmount());
                payment.moveTo(payment.getRefundedAmount() >= payment.getCapturedAmount()
                        ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED, now);
            }
        }
    }

    /** The outcome is unknown: say so, and have the janitor ask the provider, in the same transaction. */
    private static void markUnknown(OutboxWriter changes, String tenantId, PaymentEntity payment,
                                    PaymentTransactionEntity transaction, String gatewayId) {
        Instant now = Persistence.now();
        transaction.finish(TransactionStatus.UNKNOWN, gatewayId, null, now);
        if (transaction.getKind() == Operation.AUTHORIZE) {
            payment.heldBy(gatewayId, null);
            payment.failedBecause(null, UNKNOWN_OUTCOME);
            payment.moveTo(PaymentStatus.UNKNOWN, now);
        }
        changes.submit(CommandRequest.of(tenantId, ResolvePaymentHandler.TYPE,
                        Map.of(ResolvePaymentHandler.PAYMENT_ID, payment.getId()))
                .withDelay(FIRST_RESOLUTION_DELAY)
                .withDedupeKey("resolve-" + transaction.getId()));
    }

    private Optional<Result> replay(String tenantId, String idempotencyKey, String fingerprint) {
        Optional<PaymentEntity> existing = persistence.inTenant(tenantId, em -> em
                .createNamedQuery(PaymentEntity.BY_IDEMPOTENCY_KEY, PaymentEntity.class)
                .setParameter("key", idempotencyKey).getResultStream().findFirst());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        PaymentEntity payment = existing.get();
        if (!payment.getRequestFingerprint().equals(fingerprint)) {
            throw DomainException.rejected("Idempotency-Key '" + idempotencyKey
                    + "' was already used for a different payment request");
        }
        if (payment.getStatus() == PaymentStatus.PENDING) {
            throw DomainException.conflict("A payment with Idempotency-Key '" + idempotencyKey
                    + "' is still being processed; retry shortly");
        }
        if (payment.getStatus() == PaymentStatus.UNKNOWN) {
            // The client asks again: ask the provider now rather than make it wait for the janitor.
            resolve(tenantId, payment.getId());
        }
        return Optional.of(new Result(find(tenantId, payment.getId()).orElseThrow(), true));
    }

    private Optional<Result> replayOperation(String tenantId, String paymentId, Operation kind, String idempotencyKey,
                                             String fingerprint) {
        Optional<PaymentTransactionEntity> existing = persistence.inTenant(tenantId, em -> em
                .createNamedQuery(PaymentTransactionEntity.BY_KEY, PaymentTransactionEntity.class)
                .setParameter("payment", paymentId).setParameter("kind", kind).setParameter("key", idempotencyKey)
                .getResultStream().findFirst());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        PaymentTransactionEntity transaction = existing.get();
        if (!fingerprint.equals(transaction.getRequestFingerprint())) {
            throw DomainException.rejected("Idempotency-Key '" + idempotencyKey + "' was already used for a different "
                    + kind.name().toLowerCase() + " of this payment");
        }
        if (transaction.getStatus() == TransactionStatus.PENDING) {
            throw DomainException.conflict("This " + kind.name().toLowerCase() + " is still being processed; retry shortly");
        }
        if (transaction.getStatus() == TransactionStatus.UNKNOWN) {
            resolve(tenantId, paymentId);
        }
        return Optional.of(new Result(find(tenantId, paymentId).orElseThrow(), true));
    }

    private static List<PaymentTransactionEntity> transactions(EntityManager em, String paymentId) {
        return em.createNamedQuery(PaymentTransactionEntity.OF_PAYMENT, PaymentTransactionEntity.class)
                .setParameter("payment", paymentId).getResultList();
    }

    private PaymentEntity reload(String tenantId, String paymentId) {
        return persistence.inTenant(tenantId, em -> em.find(PaymentEntity.class, paymentId));
    }

    private List<PaymentAttemptEntity> attempts(String tenantId, List<String> transactionIds) {
        return persistence.inTenant(tenantId, em -> attemptsIn(em, transactionIds));
    }

    private static List<PaymentAttemptEntity> attemptsIn(EntityManager em, List<String> transactionIds) {
        return em.createNamedQuery(PaymentAttemptEntity.OF_TRANSACTIONS, PaymentAttemptEntity.class)
                .setParameter("transactions", transactionIds).getResultList();
    }

    private static Money money(long amount, String currency) {
        try {
            return new Money(amount, currency);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(e.getMessage());
        }
    }

    private static void publish(OutboxWriter changes, String tenantId, PaymentEntity payment,
                                PaymentTransactionEntity transaction) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PlatformEvents.TENANT_ID, tenantId);
        properties.put(PlatformEvents.TIMESTAMP, payment.getUpdatedAt().toEpochMilli());
        properties.put(PaymentEvents.PAYMENT_ID, payment.getId());
        properties.put(PaymentEvents.STATUS, payment.getStatus().name());
        properties.put(PaymentEvents.AMOUNT, payment.getAmount());
        properties.put(PaymentEvents.CURRENCY, payment.getCurrency());
        properties.put(PaymentEvents.CAPTURED_AMOUNT, payment.getCapturedAmount());
        properties.put(PaymentEvents.REFUNDED_AMOUNT, payment.getRefundedAmount());
        properties.put(PaymentEvents.OPERATION, transaction.getKind().name());
        properties.put(PaymentEvents.OPERATION_STATUS, transaction.getStatus().name());
        if (payment.getGateway() != null) {
            properties.put(PaymentEvents.GATEWAY, payment.getGateway());
        }
        if (payment.getReference() != null) {
            properties.put(PaymentEvents.REFERENCE, payment.getReference());
        }
        changes.publish(PaymentEvents.TOPIC_PREFIX + payment.getStatus().name(), payment.getId(), properties);
    }

    static String fingerprint(NewPayment request) {
        String canonical = request.amount() + "\n" + request.currency() + "\n"
                + (request.reference() == null ? "" : request.reference()) + "\n" + request.paymentMethod()
                + (request.country() == null ? "" : "\n" + request.country())
                + (request.capture() ? "" : "\nauthorize-only");
        return Digests.sha256Hex(canonical);
    }

    private static TransactionView transactionView(PaymentTransactionEntity t, List<PaymentAttemptEntity> attempts) {
        return new TransactionView(t.getId(), t.getKind(), t.getStatus(), t.getAmount(), t.getGateway(),
                t.getProviderReference(), t.getCreatedAt(), t.getUpdatedAt(), attempts.stream()
                .map(a -> new AttemptView(a.getId(), a.getGateway(), a.getStatus(), a.getProviderReference(),
                        a.getErrorCode(), a.getMessage(), a.getCreatedAt())).toList());
    }

    private static PaymentView view(PaymentEntity p, List<TransactionView> transactions) {
        return new PaymentView(p.getId(), p.getStatus(), p.getGateway(), p.getAmount(),
                new Money(p.getAmount(), p.getCurrency()).toDecimal().toPlainString(), p.getCurrency(), p.getCountry(),
                p.getReference(), p.isCaptureRequested(), p.getAuthorizedAmount(), p.getCapturedAmount(),
                p.getRefundedAmount(), p.getProviderReference(), p.getFailureCode(), p.getFailureReason(),
                p.getCreatedAt(), p.getUpdatedAt(), transactions);
    }
}
