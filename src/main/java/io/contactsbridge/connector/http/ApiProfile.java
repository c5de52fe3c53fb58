package io.contactsbridge.connector.http;

import java.util.List;
import java.util.Map;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.connector.auth.TokenProvider;

/**
 * Everything the HTTP pipeline needs to serve one connector's operations: who it is, where the API
 * lives, the operations, the defaults of their parameters, fixed headers, credentials, quota, how
 * errors read, how a create is looked up, and the retry/timeout settings.
 *
 * @param connector  the connector's id ({@code highlevel}); also the prefix of the shared routes
 *                   ({@code direct:highlevel.send}, {@code .http}, {@code .pages})
 * @param namespace  the operation routes' prefix ({@code contacts} for {@code direct:contacts.get-contact})
 * @param baseUrls   base URL per {@link ApiOperation#base()} key, without a trailing slash
 * @param defaults   parameter defaults by {@link ApiOperation.Param#defaultKey()} ({@code locationId})
 * @param headers    sent with every request ({@code Version}, {@code Accept})
 */
public record ApiProfile(String connector, String title, String namespace, Map<String, String> baseUrls,
                         List<ApiOperation> operations, Map<String, String> defaults, Map<String, String> headers,
                         TokenProvider tokens, QuotaGate quota, ErrorMapper errors, CreateLookup lookups,
                         HttpSettings http) {

    public ApiProfile {
        baseUrls = Map.copyOf(baseUrls);
        operations = List.copyOf(operations);
        defaults = Map.copyOf(defaults);
        headers = Map.copyOf(headers);
        quota = quota == null ? QuotaGate.NONE : quota;
        lookups = lookups == null ? CreateLookup.NONE : lookups;
    }

    public ApiCall call(String operationId) {
        return new ApiCall(connector, title, operationId);
    }

    public String baseUrl(ApiOperation operation) {
        String url = baseUrls.get(operation.base());
        if (url == null) {
            throw new IllegalStateException(title + ": no base URL '" + operation.base() + "' for " + operation.operationId());
        }
        return url;
    }

    /** The registry name of this connector's {@link ApiClient}: {@code <connector>.api}. */
    public static String clientBean(String connector) {
        return connector + ".api";
    }
}
