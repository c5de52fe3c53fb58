package io.contactsbridge.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generated JSON for the webhook fuzz tests of every connector: any value, and events cut short. */
public final class JsonArbitraries {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonArbitraries() {
    }

    /** Any JSON value, nested up to {@code depth}. */
    public static Arbitrary<JsonNode> jsonValues(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30).map(s -> (JsonNode) NODES.textNode(s)),
                Arbitraries.longs().map(n -> (JsonNode) NODES.numberNode(n)),
                Arbitraries.doubles().map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(true, false).map(v -> (JsonNode) NODES.booleanNode(v)),
                Arbitraries.just((JsonNode) NODES.nullNode()));
        if (depth <= 0) {
            return scalars;
        }
        Arbitrary<JsonNode> inner = jsonValues(depth - 1);
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(l -> {
            var a = NODES.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(4), inner.list().ofSize(4))
                .as((keys, values) -> {
                    ObjectNode o = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return o;
                });
        return Arbitraries.oneOf(scalars, arrays, objects);
    }

    /** Valid-looking events cut short: malformed JSON. */
    public static Arbitrary<byte[]> truncated(Arbitrary<? extends JsonNode> events) {
        return Combinators.combine(events, Arbitraries.doubles().between(0, 0.99)).as((e, f) -> {
            byte[] full = e.toString().getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOf(full, (int) (full.length * f));
        });
    }

    /** Sets {@code field} unless the generated value is absent (null: the field is left out). */
    public static void putIfPresent(ObjectNode o, String field, JsonNode value) {
        if (value != null) {
            o.set(field, value);
        }
    }
}
