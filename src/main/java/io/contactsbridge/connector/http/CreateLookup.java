package io.contactsbridge.connector.http;

import java.time.Instant;

import io.contactsbridge.api.CreateOutcomeUnknown;

/**
 * Looks up what a create would have made, before the create is sent again after a failure that may
 * have applied it (no answer, 5xx): DESIGN "Lessons", never blindly retry a create. Lookups run
 * through the connector's own read operations (paced, retried and typed like any call); if a lookup
 * fails, the create fails with that error rather than being re-sent blind.
 */
public interface CreateLookup {

    /** True when sending {@code request} again after a failure that may have applied it could make a second record. */
    default boolean needed(ApiRequest request) {
        return request.operation().create();
    }

    /**
     * The answer the create would have given (the record found), or null when nothing is there.
     * Throw {@link io.contactsbridge.api.CreateOutcomeUnknown} when the record cannot be looked up.
     *
     * @param since shortly before the first attempt was sent
     */
    Object find(ApiRequest request, Instant since, Operations operations);

    /** No lookups: a create whose outcome is unknown is not re-sent. */
    CreateLookup NONE = (request, since, operations) -> {
        throw new CreateOutcomeUnknown(operations.call(request.operation()),
                "the request failed in a way that may have created the record, and it cannot be looked up; not sent again",
                null);
    };
}
