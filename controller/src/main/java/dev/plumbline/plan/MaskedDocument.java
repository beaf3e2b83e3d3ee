package dev.plumbline.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The whole {@code show -json} document with every sensitive value replaced, fit to be stored: first each place
 * tofu marks or declares sensitive, then every other copy of those values (see {@link Secrets}).
 */
final class MaskedDocument {
    private MaskedDocument() {
    }

    static ObjectNode of(ObjectNode raw, Secrets secrets) {
        ObjectNode doc = raw.deepCopy();
        SensitivePlaces.walk(doc, (holder, field, marks) ->
                holder.set(field, Masks.orNull(Masks.apply(holder.get(field), marks))));
        return (ObjectNode) secrets.scrub(doc);
    }
}
