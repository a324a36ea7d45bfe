package io.baseplate.api.payment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Sets the {@value PaymentGateway#CURRENCIES} service property of a gateway component. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GatewayCurrencies {

    /** Makes the property name {@value PaymentGateway#CURRENCIES}. */
    String PREFIX_ = "baseplate.";

    /** ISO 4217 currency codes, upper case. */
    String[] value();
}
