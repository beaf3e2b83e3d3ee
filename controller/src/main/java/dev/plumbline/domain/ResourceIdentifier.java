package dev.plumbline.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * One identifier of a managed resource as its state records it: the value ({@code identifier}: an id, an ARN, a
 * name, a self link), the resource's {@code address} and the {@code attribute} it came from ({@code arn},
 * {@code metadata.name}). The identifiers a change event names are looked up among these.
 */
public record ResourceIdentifier(String address, String attribute, String identifier) {
    /** The longest identifier kept; longer values are not identifiers anyone looks up. */
    public static final int MAX_LENGTH = 2000;

    public ResourceIdentifier {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(identifier, "identifier");
    }

    /**
     * The form identifiers are compared in: trimmed, and Azure resource ids lowercased, since Azure treats them
     * without regard to case and its events do not always spell them as the state does.
     */
    public static String normal(String value) {
        String v = value.strip();
        return v.regionMatches(true, 0, "/subscriptions/", 0, "/subscriptions/".length())
                ? v.toLowerCase(Locale.ROOT) : v;
    }
}
