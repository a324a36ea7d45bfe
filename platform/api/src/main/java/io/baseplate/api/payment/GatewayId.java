package io.baseplate.api.payment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Sets the {@value PaymentGateway#GATEWAY_ID} service property of a gateway component. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GatewayId {

    /** Makes the property name {@value PaymentGateway#GATEWAY_ID}. */
    String PREFIX_ = "baseplate.";

    /** The gateway id, e.g. {@code stripe}. */
    String value();
}
