package io.baseplate.notify.email.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Parsing of the addresses tenants and payments give, which end up in message headers. */
final class MailAddresses {

    private MailAddresses() {
    }

    static boolean hasLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }

    /**
     * One address, strictly parsed (RFC 822 syntax, one address, no group).
     *
     * @throws AddressException when it is not such an address or contains CR or LF
     */
    static InternetAddress parse(String address) throws AddressException {
        if (hasLineBreak(address)) {
            throw new AddressException("An address must not contain CR or LF", address);
        }
        InternetAddress[] parsed = InternetAddress.parse(address, true);
        if (parsed.length != 1 || parsed[0].isGroup()) {
            throw new AddressException("Expected exactly one address", address);
        }
        parsed[0].validate();
        return parsed[0];
    }
}
