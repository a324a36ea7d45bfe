package io.baseplate.notify.email.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.BatchProgress;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.rest.ProblemException;

/**
 * Email campaigns: a template, recipients added in parts while it is a draft, then started as one batch of
 * {@value SendCampaignEmailHandler#TYPE} jobs spread out at the campaign's rate. The batch is written in
 * the transaction that marks the campaign started (the outbox), by a job deduplicated per campaign, so a
 * campaign is never sent twice.
 */
@Component(service = Campaigns.class)
public class Campaigns {

    static final int MAX_RECIPIENTS = 100_000;
    private static final int PAGE = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    /** A recipient as added: the address and the values of the template's placeholders. */
    record Recipient(String email, Map<String, String> fields) {
    }

    /**
     * A campaign as its tenant sees it. {@code queued} jobs wait or run, {@code sent} succeeded, {@code failed}
     * ended without sending; {@code etaSeconds} is what the queued take at the campaign's rate, or at the pace
     * observed so far if that is slower.
     */
    public record CampaignView(String id, String name, String status, int recipients, int queued, int sent, int failed,
                               int ratePerSecond, Double observedPerSecond, Long etaSeconds, Instant createdAt,
                               Instant startedAt, Instant finishedAt) {
    }

    private final Persistence persistence;
    private final Outbox outbox;
    private final CommandBus commands;

    @Activate
    public Campaigns(@Reference Persistence persistence, @Reference Outbox outbox, @Reference CommandBus commands) {
        this.persistence = persistence;
        this.outbox = outbox;
        this.commands = commands;
    }

    CampaignView create(String tenantId, String name, String subject, String body, int ratePerSecond) {
        CampaignEntity campaign = new CampaignEntity(UUID.randomUUID().toString(), name, subject, body, ratePerSecond,
                Persistence.now());
        persistence.inTenant(tenantId, em -> {
            em.persist(campaign);
            return null;
        });
        return view(campaign);
    }

    /** Adds recipients after those already added; all or none. */
    CampaignView addRecipients(String tenantId, String campaignId, List<Recipient> recipients) {
        return persistence.inTenant(tenantId, em -> {
            CampaignEntity campaign = draft(em.find(CampaignEntity.class, campaignId), campaignId);
            if (campaign.getRecipients() + recipients.size() > MAX_RECIPIENTS) {
                throw ProblemException.unprocessable("A campaign has at most " + MAX_RECIPIENTS + " recipients; this one has "
                        + campaign.getRecipients() + " and " + recipients.size() + " more were sent");
            }
            int position = campaign.getRecipients();
            for (Recipient recipient : recipients) {
                em.persist(new CampaignRecipientEntity(campaignId, position++, recipient.email(), toJson(recipient.fields())));
                if (position % 1_000 == 0) {
                    em.flush();
                    em.clear();
                }
            }
            CampaignEntity current = em.find(CampaignEntity.class, campaignId);
            current.added(recipients.size());
            return view(current);
        });
    }

    /**
     * Requests the start: the campaign takes no more recipients, and a {@value StartCampaignHandler#TYPE}
     * job, submitted in the same transaction, renders and queues its emails in the background (tens of
     * thousands of them take longer than a request should).
     */
    CampaignView start(String tenantId, String campaignId) {
        CampaignEntity requested = outbox.inTenant(persistence, tenantId, (em, changes) -> {
            CampaignEntity campaign = draft(em.find(CampaignEntity.class, campaignId), campaignId);
            if (campaign.getRecipients() == 0) {
                throw ProblemException.conflict("Campaign '" + campaignId + "' has no recipients yet");
            }
            campaign.startRequested(Persistence.now());
            changes.submit(CommandRequest.of(tenantId, StartCampaignHandler.TYPE, Map.of(StartCampaignHandler.CAMPAIGN, campaignId))
                    .withDedupeKey("campaign-start:" + campaignId));
            return campaign;
        });
        return view(requested);
    }

    /**
     * Renders every recipient's email and submits them as one batch, the n-th due n / rate seconds from
     * now, in the transaction that marks the campaign started; does nothing for a campaign already started.
     *
     * @return how many emails were queued; 0 if it had been started before
     */
    int launch(String tenantId, String campaignId) {
        return outbox.inTenant(persistence, tenantId, (em, changes) -> {
            CampaignEntity campaign = em.find(CampaignEntity.class, campaignId);
            if (campaign == null) {
                throw new IllegalArgumentException("No campaign '" + campaignId + "' of tenant " + tenantId);
            }
            if (campaign.getBatchId() != null) {
                return 0;
            }
            Instant start = Persistence.now();
            List<CommandRequest> emails = new ArrayList<>(campaign.getRecipients());
            for (int first = 0; first < campaign.getRecipients(); first += PAGE) {
                List<CampaignRecipientEntity> page = em.createQuery("SELECT r FROM CampaignRecipientEntity r "
                                + "WHERE r.campaignId = :campaign ORDER BY r.position", CampaignRecipientEntity.class)
                        .setParameter("campaign", campaignId).setFirstResult(first).setMaxResults(PAGE).getResultList();
                for (CampaignRecipientEntity recipient : page) {
                    Duration offset = Duration.ofNanos(emails.size() * 1_000_000_000L / campaign.getRatePerSecond());
                    emails.add(CommandRequest.of(tenantId, SendCampaignEmailHandler.TYPE,
                            SendCampaignEmailHandler.payload(campaignId, recipient.getEmail(), campaign.getSubject(),
                                    campaign.getBody(), fromJson(recipient.getFields())))
                            .withRunAt(start.plus(offset)));
                }
                em.clear();
            }
            String batchId = changes.submitBatch("campaign " + campaign.getName(), emails);
            em.find(CampaignEntity.class, campaignId).started(batchId, start);
            return emails.size();
        });
    }

    Optional<CampaignView> find(String tenantId, String campaignId) {
        return persistence.inTenant(tenantId, em -> Optional.ofNullable(em.find(CampaignEntity.class, campaignId)))
                .map(campaign -> view(tenantId, campaign));
    }

    private CampaignView view(String tenantId, CampaignEntity campaign) {
        if (campaign.getBatchId() == null) {
            return view(campaign);
        }
        BatchProgress progress = commands.batch(tenantId, campaign.getBatchId())
                .orElseThrow(() -> new IllegalStateException("Campaign " + campaign.getId() + " lost its batch"));
        double elapsed = Math.max(0.001, Duration.between(campaign.getStartedAt(), Instant.now()).toMillis() / 1000.0);
        double observed = progress.done() / elapsed;
        // The set rate is a ceiling: once sending is seen to go slower, the remaining ones go at that pace.
        double pace = observed > 0 ? Math.min(observed, campaign.getRatePerSecond()) : campaign.getRatePerSecond();
        long eta = (long) Math.ceil(progress.remaining() / pace);
        return new CampaignView(campaign.getId(), campaign.getName(), progress.finishedAt() == null ? "SENDING" : "DONE",
                campaign.getRecipients(), progress.remaining(), progress.succeeded(), progress.failed(),
                campaign.getRatePerSecond(), Math.round(observed * 10) / 10.0, eta, campaign.getCreatedAt(),
                campaign.getStartedAt(), progress.finishedAt());
    }

    /** A campaign not sending yet: a draft, or STARTING while its StartCampaign job has not run. */
    private static CampaignView view(CampaignEntity campaign) {
        return new CampaignView(campaign.getId(), campaign.getName(), campaign.getStartRequestedAt() == null ? "DRAFT" : "STARTING",
                campaign.getRecipients(), campaign.getStartRequestedAt() == null ? 0 : campaign.getRecipients(), 0, 0,
                campaign.getRatePerSecond(), null, null, campaign.getCreatedAt(), null, null);
    }

    private static CampaignEntity draft(CampaignEntity campaign, String campaignId) {
        if (campaign == null) {
            throw ProblemException.notFound("No campaign with id '" + campaignId + "'");
        }
        if (campaign.getStartRequestedAt() != null) {
            throw ProblemException.conflict("Campaign '" + campaignId + "' has started: it takes no more recipients "
                    + "and starts once");
        }
        return campaign;
    }

    private static String toJson(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Recipient fields cannot be stored", e);
        }
    }

    private static Map<String, String> fromJson(String fields) {
        try {
            return JSON.readValue(fields, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored recipient fields are not a JSON object of strings", e);
        }
    }
}
