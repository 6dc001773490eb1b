package io.swarmedge.socketproxy.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.swarmedge.socketproxy.http.Refusal;
import io.swarmedge.socketproxy.http.RefusedException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON checks behind the edge profile's config/secret rules. Docker decodes bodies with Go's
 * {@code encoding/json}, which matches keys case-insensitively and lets the last duplicate win, so a create body is
 * accepted only when it has exactly one key that reads as {@code Name} under any case, no other duplicate, and only
 * the keys a config or secret spec has.
 */
public final class StoreObjectGuard {
    private static final Set<String> SPEC_KEYS = Set.of("name", "labels", "data", "templating", "driver");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String prefix;

    public StoreObjectGuard(String prefix) {
        this.prefix = prefix;
    }

    /** Whether an object of this name belongs to the store. */
    public boolean owns(String name) {
        return name.startsWith(prefix) && name.length() > prefix.length();
    }

    /**
     * Checks a create or update body.
     *
     * @param nameRequired true for create; an update may omit the name
     * @throws RefusedException when the body is not a spec naming a store object
     */
    public void checkSpecBody(byte[] body, boolean nameRequired) throws RefusedException {
        Optional<String> name = Optional.empty();
        Set<String> seen = new HashSet<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw refuse("store-body", "request body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (!key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    throw refuse("store-body", "non-ASCII key in the request body");
                }
                String folded = key.toLowerCase(Locale.ROOT);
                if (!seen.add(folded)) {
                    throw refuse("store-body", "key \"" + key + "\" appears twice (keys are case-insensitive)");
                }
                if (!SPEC_KEYS.contains(folded)) {
                    throw refuse("store-body", "unexpected key \"" + key + "\" in the request body");
                }
                JsonToken value = parser.nextToken();
                if (folded.equals("name")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw refuse("store-body", "Name is not a string");
                    }
                    name = Optional.of(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw refuse("store-body", "trailing data after the JSON object");
            }
        } catch (IOException e) {
            throw refuse("store-body", "request body is not valid JSON");
        }
        if (name.isEmpty()) {
            if (nameRequired) {
                throw refuse("store-prefix", "request body has no Name");
            }
            return;
        }
        if (!owns(name.get())) {
            throw refuse("store-prefix", "object name does not start with \"" + prefix + "\"");
        }
    }

    /** The {@code ID} and {@code Spec.Name} of an inspected config or secret, when the body has them. */
    public static Optional<StoreObject> inspected(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode id = node.path("ID");
            JsonNode name = node.path("Spec").path("Name");
            if (id.isTextual() && name.isTextual()) {
                return Optional.of(new StoreObject(id.asText(), name.asText()));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A list response reduced to the store's objects; empty when the body is not a JSON array. */
    public Optional<byte[]> filterList(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (!(node instanceof ArrayNode array)) {
                return Optional.empty();
            }
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode element : array) {
                JsonNode name = element.path("Spec").path("Name");
                if (name.isTextual() && owns(name.asText())) {
                    kept.add(element);
                }
            }
            return Optional.of(JSON.writeValueAsBytes(kept));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** An object as the daemon describes it. */
    public record StoreObject(String id, String name) {}

    /** What to do with a store call once its body (or the daemon's answer) has been read. */
    public sealed interface Outcome {
        /** Answer the client with this body (the daemon's, possibly filtered). */
        record Answer(byte[] body) implements Outcome {}

        /** Send the write to the daemon for this object ID (the one that was checked). */
        record PinTo(String id) implements Outcome {}

        /** Refuse the call. */
        record Refuse(Refusal refusal) implements Outcome {}
    }

    /**
     * Checks the body of a write call.
     *
     * @return the refusal, or empty when the body may be forwarded
     */
    public Optional<Refusal> checkWrite(Verdict.Guard guard, byte[] body) {
        try {
            switch (guard) {
                case CREATE -> checkSpecBody(body, true);
                case UPDATE -> checkSpecBody(body, false);
                case DELETE -> {
                    if (body.length > 0) {
                        throw refuse("store-body", "DELETE with a body");
                    }
                }
                case LIST, INSPECT -> throw new IllegalArgumentException(guard + " is not a write");
            }
            return Optional.empty();
        } catch (RefusedException e) {
            return Optional.of(e.refusal());
        }
    }

    /** Given the daemon's 200 answer to the lookup of an update/delete target: pin the call to it, or refuse. */
    public Outcome afterLookup(byte[] inspectBody) {
        var object = inspected(inspectBody);
        if (object.isEmpty() || !owns(object.get().name())) {
            return notOurs();
        }
        return new Outcome.PinTo(object.get().id());
    }

    /** Given the daemon's 200 answer to a list or inspect call: what the client may see. */
    public Outcome checkRead(Verdict.Guard guard, byte[] body) {
        if (guard == Verdict.Guard.LIST) {
            return filterList(body)
                    .<Outcome>map(Outcome.Answer::new)
                    .orElseGet(() -> new Outcome.Refuse(
                            new Refusal(502, "unexpected-daemon-answer", "list response is not a JSON array")));
        }
        var object = inspected(body);
        return object.isPresent() && owns(object.get().name()) ? new Outcome.Answer(body) : notOurs();
    }

    private Outcome notOurs() {
        return new Outcome.Refuse(Refusal.forbidden("store-prefix", "object is not named \"" + prefix + "…\""));
    }

    private static RefusedException refuse(String rule, String detail) {
        return new RefusedException(Refusal.forbidden(rule, detail));
    }
}
