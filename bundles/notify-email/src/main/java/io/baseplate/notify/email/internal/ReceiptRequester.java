package io.baseplate.notify.email.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;

import io.baseplate.api.command.CommandBus;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.payment.PaymentEvents;

/** Observes captured payments and queues a {@value SendReceiptHandler#TYPE} command for each. */
@Component
@EventTopics(PaymentEvents.TOPIC_CAPTURED)
public class ReceiptRequester implements EventHandler {

    private final CommandBus commands;

    @Activate
    public ReceiptRequester(@Reference CommandBus commands) {
        this.commands = commands;
    }

    @Override
    public void handleEvent(Event event) {
        Object tenantId = event.getProperty(PlatformEvents.TENANT_ID);
        if (tenantId == null) {
            return;
        }
        Map<String, String> payload = new HashMap<>();
        for (String name : new String[] {PaymentEvents.PAYMENT_ID, PaymentEvents.AMOUNT, PaymentEvents.CURRENCY,
                PaymentEvents.REFERENCE, PaymentEvents.GATEWAY}) {
            Object value = event.getProperty(name);
            if (value != null) {
                payload.put(name, value.toString());
            }
        }
        commands.submit(tenantId.toString(), SendReceiptHandler.TYPE, payload);
    }
}
