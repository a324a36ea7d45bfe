package io.baseplate.itests;

import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.CoreMatchers.hasItems;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.baseplate.api.payment.PaymentGateway;

/** A gateway plugin's bundle lifecycle drives routing: stopped means gone from the registry and the API. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayLifecycleIT extends BaseplateTestSupport {

    private static final String STRIPE = "stripe";
    private static final String STRIPE_BUNDLE = "io.baseplate.gateway-stripe";

    @Test
    public void theDefaultFeatureRegistersStripeForMajorCurrencies() throws Exception {
        ServiceReference<PaymentGateway> stripe = awaitGateway(STRIPE, CHANGE_VISIBLE);

        assertEquals(STRIPE_BUNDLE, stripe.getBundle().getSymbolicName());
        assertThat(currenciesOf(stripe), hasItems("USD", "EUR", "GBP"));
        assertThat(api.gatewayIds(newTenantKey()), hasItems(STRIPE, "razorpay"));
    }

    @Test
    public void stoppingTheStripeBundleWithdrawsStripeAndStartingItRestoresIt() throws Exception {
        Bundle stripeBundle = awaitGateway(STRIPE, CHANGE_VISIBLE).getBundle();
        String tenantKey = newTenantKey();
        assertCaptured(pay(tenantKey, "JPY"), STRIPE);

        stripeBundle.stop();
        try {
            assertEquals(List.of(), gatewayServices(STRIPE));
            assertThat(api.gatewayIds(tenantKey), not(hasItem(STRIPE)));
            assertThat(api.gatewayIds(tenantKey), hasItem("razorpay"));
            assertUnserved(pay(tenantKey, "JPY"), "JPY");
        } finally {
            stripeBundle.start();
        }

        awaitGateway(STRIPE, CHANGE_VISIBLE);
        awaitCondition("stripe to be listed again", CHANGE_VISIBLE, () -> api.gatewayIds(tenantKey).contains(STRIPE));
        assertCaptured(pay(tenantKey, "JPY"), STRIPE);
    }
}
