package io.baseplate.api.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Subscribes a handler's command type to outbox events: for every event on one of these topics,
 * the outbox submits one command of the handler's type, in the transaction that records the
 * event's delivery, with the event's properties as its payload (as strings) and the event id as its
 * dedupe key. Unlike an Event Admin handler that submits a command, nothing is lost if the process
 * dies between the event and the command, and nothing is submitted twice.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CommandTrigger {

    /** Service property (String+): the topics. */
    String PROPERTY = "baseplate.command.trigger";

    /** Makes the property name {@value #PROPERTY}. */
    String PREFIX_ = "baseplate.";

    /** The event topics, e.g. {@code baseplate/payment/CAPTURED}. */
    String[] value();
}
