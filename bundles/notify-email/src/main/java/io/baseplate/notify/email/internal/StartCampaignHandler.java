package io.baseplate.notify.email.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.command.PermanentFailure;

/** Renders a campaign whose start was requested and queues its emails; a rerun finds it started and does nothing. */
@Component
@CommandType(StartCampaignHandler.TYPE)
public class StartCampaignHandler implements CommandHandler {

    static final String TYPE = "StartCampaign";
    static final String CAMPAIGN = "campaignId";

    private final Campaigns campaigns;

    @Activate
    public StartCampaignHandler(@Reference Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String execute(Command command) throws PermanentFailure {
        String campaignId = command.payload().get(CAMPAIGN);
        if (campaignId == null) {
            throw new PermanentFailure("StartCampaign command " + command.id() + " names no campaign");
        }
        int queued;
        try {
            queued = campaigns.launch(command.tenantId(), campaignId);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure(e.getMessage(), e);
        }
        return queued == 0 ? "Campaign " + campaignId + " had been started" : "Campaign " + campaignId + ": " + queued + " emails queued";
    }
}
