package dev.plumbline.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The whole {@code show -json} document with every sensitive value replaced, fit to be stored: first each place
 * tofu marks or declares sensitive, then every other copy of those values (see {@link Secrets}).
 *
 * <p>The document is masked in place and scrubbed as it is written, so a large plan is never held twice: the
 * tree it was read into is the only copy.
 */
final class MaskedDocument {
    private MaskedDocument() {
    }

    /** The masked document as JSON. {@code raw} is masked in place: read everything else from it first. */
    static String write(ObjectNode raw, Secrets secrets) throws PlanFormatException {
        SensitivePlaces.walk(raw, (holder, field, marks) ->
                holder.set(field, Masks.orNull(Masks.apply(holder.get(field), marks))));
        try {
            return PlanReader.mapper().writeValueAsString(new Scrubbed(raw, secrets));
        } catch (IOException e) {
            throw new PlanFormatException("writing masked plan JSON: " + e.getMessage(), e);
        }
    }

    /** The tree written through {@link Secrets#write}, for Jackson's buffered string writer. */
    private record Scrubbed(ObjectNode doc, Secrets secrets) implements JsonSerializable {
        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            secrets.write(doc, g);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer type)
                throws IOException {
            serialize(g, provider);
        }
    }
}
