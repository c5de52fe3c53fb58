package io.contactsbridge.timetonic;

import java.util.Locale;
import java.util.Map;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.ErrorBody;
import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.api.ServerError;
import io.contactsbridge.api.Unauthorized;
import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ErrorMapper;

/**
 * TimeTonic's answers: always JSON with {@code status}; {@code "nok"} plus {@code errorMsg} (and
 * {@code errorCode}) is a failure even with HTTP 200 (api-notes section 5). An invalid or expired
 * session is renewed once (the kit sends again); a bad field, row or table id is permanent.
 */
final class TimeTonicErrors implements ErrorMapper {

    /** The failure in a parsed answer, or null when its status is "ok". */
    record Nok(String code, String message) {
        boolean session() {
            String text = (code + " " + message).toLowerCase(Locale.ROOT);
            return text.contains("sesskey") || text.contains("session");
        }

        boolean notFound() {
            String text = (code + " " + message).toLowerCase(Locale.ROOT);
            return text.contains("unknownrow") || text.contains("no row") || text.contains("not found");
        }

        boolean credentials() {
            String text = (code + " " + message).toLowerCase(Locale.ROOT);
            return text.contains("login") || text.contains("password") || text.contains("appkey") || text.contains("oauthkey");
        }
    }

    static Nok nok(String body) {
        Map<?, ?> json = ErrorBody.object(body);
        if (json.isEmpty() || "ok".equals(json.get("status"))) {
            return null;
        }
        Object msg = json.get("errorMsg");
        Object code = json.get("errorCode");
        return new Nok(code == null ? "" : String.valueOf(code),
                msg == null ? "status " + json.get("status") : SecretMasker.mask(String.valueOf(msg)));
    }

    @Override
    public boolean renewable(int status, String body) {
        Nok nok = status == 200 ? nok(body) : null;
        return status == 401 || (nok != null && nok.session());
    }

    @Override
    public ApiException refusedIn2xx(ApiOperation operation, ApiCall call, int status, String body, boolean renewed) {
        Nok nok = nok(body);
        if (nok == null) {
            if (ErrorBody.object(body).isEmpty()) {
                return new ServerError(call, status, "the answer is not TimeTonic's JSON: " + ErrorBody.message(status, body));
            }
            return null;
        }
        String text = "TimeTonic " + call.operation() + ": " + nok.message()
                + (nok.code().isBlank() ? "" : " (" + nok.code() + ")");
        if (nok.session()) {
            return new Unauthorized(call, 401, text + (renewed ? " (refused again with a new session)" : ""));
        }
        if (nok.credentials()) {
            return new Unauthorized(call, 401, text + " (check TIMETONIC_LOGIN, TIMETONIC_PASSWORD, TIMETONIC_APPKEY)");
        }
        if (nok.notFound()) {
            return new NotFound(call, 404, text);
        }
        return new Invalid(call, 400, text);
    }
}
