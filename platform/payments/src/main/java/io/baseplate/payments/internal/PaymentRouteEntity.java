package io.baseplate.payments.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A tenant's ordered gateways for one market: a currency, and a buyer country or {@value #ANY_COUNTRY}. */
@Entity
@Table(name = "PAYMENT_ROUTES")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = PaymentRouteEntity.ALL,
        query = "SELECT r FROM PaymentRouteEntity r ORDER BY r.currency, r.country")
@NamedQuery(name = PaymentRouteEntity.BY_MARKET,
        query = "SELECT r FROM PaymentRouteEntity r WHERE r.currency = :currency AND r.country = :country")
public class PaymentRouteEntity {

    static final String ALL = "PaymentRoute.all";
    static final String BY_MARKET = "PaymentRoute.byMarket";
    static final String ANY_COUNTRY = "*";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "CURRENCY", nullable = false)
    private String currency;

    @Column(name = "COUNTRY", nullable = false)
    private String country;

    @Column(name = "GATEWAYS", nullable = false)
    private String gateways;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected PaymentRouteEntity() {
    }

    PaymentRouteEntity(String id, String currency, String country) {
        this.id = id;
        this.currency = currency;
        this.country = country;
    }

    void setGateways(List<String> ordered, Instant now) {
        this.gateways = String.join(",", ordered);
        this.updatedAt = now;
    }

    String getCurrency() {
        return currency;
    }

    String getCountry() {
        return country;
    }

    List<String> getGateways() {
        return Arrays.asList(gateways.split(","));
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
