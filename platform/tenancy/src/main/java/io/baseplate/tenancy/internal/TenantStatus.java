package io.baseplate.tenancy.internal;

/** Whether a tenant's keys are accepted. */
public enum TenantStatus {
    ACTIVE,
    /** Its keys get 403 until the platform admin reactivates it; its data stays. */
    SUSPENDED
}
