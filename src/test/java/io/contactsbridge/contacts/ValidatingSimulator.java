package io.contactsbridge.contacts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;

/**
 * The HighLevel simulator with every API request that reaches it (over real HTTP, as the bridge
 * sent it) validated against contacts.json first. Control paths (/_faults ...) and the OAuth
 * token endpoint (another spec) are passed through.
 */
final class ValidatingSimulator implements Simulator {
    private final HighLevelSimulator delegate;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger validated = new AtomicInteger();
    private final AtomicInteger applyThenFail = new AtomicInteger();
    private volatile String applyThenFailMethod = "";

    /**
     * The next {@code count} requests with this method are applied by the simulator but answered
     * 500: the "did my create happen?" case, deterministic.
     */
    void applyThenFailNext(String method, int count) {
        applyThenFailMethod = method;
        applyThenFail.set(count);
    }

    ValidatingSimulator(HighLevelSimulator delegate) {
        this.delegate = delegate;
    }

    HighLevelSimulator simulator() {
        return delegate;
    }

    /** Spec violations seen since the last {@link #clear()}. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    int validatedCount() {
        return validated.get();
    }

    void clear() {
        errors.clear();
        applyThenFail.set(0);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public SimResponse handle(SimRequest request) throws Exception {
        if (request.path().startsWith("/contacts")) {
            validated.incrementAndGet();
            errors.addAll(SpecRequestValidator.validate(request));
        }
        SimResponse response = delegate.handle(request);
        if (request.method().equals(applyThenFailMethod) && request.path().startsWith("/contacts")
                && response.status() < 300 && applyThenFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return SimResponse.json(500, Map.of("statusCode", 500, "message", "Internal Server Error"));
        }
        return response;
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        return delegate.connectorSettings(rootUrl);
    }

    @Override
    public void seedDemoData() {
        // tests start from an empty simulator
    }
}
