package io.contactsbridge.toggl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.testing.VendorFiles;

/**
 * The official Toggl Track v9 Swagger as a request validator. The Dec-2024 copy references five
 * definitions it does not contain and declares no consumes/produces: they are patched in here, at
 * load time, as open objects and JSON (api-notes "Spec files"). A few schema types are not Swagger
 * types either ({@code int} in paging response headers, {@code any}, {@code Permission}): the
 * converter to OpenAPI 3 fails on the headers, so {@code int} becomes {@code integer} and the others
 * are left open. Filters of GET operations declared as formData are read as optional query
 * parameters ({@link #queryNotForm}).
 */
final class TogglSwagger {
    /** The vendor copy in src/test/resources/vendor (see the README.md there). */
    static final String SPEC = "toggl/toggl-track-api-v9.swagger.json";
    static final List<String> MISSING = List.of("models.Client", "models.Options", "summary.GroupData",
            "timeentry.Payload", "users.any");
    private static OpenApiInteractionValidator validator;

    static synchronized OpenApiInteractionValidator validator() throws Exception {
        if (validator == null) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(VendorFiles.bytes(SPEC));
            ObjectNode definitions = (ObjectNode) root.get("definitions");
            for (String name : MISSING) {
                if (!definitions.has(name)) {
                    definitions.putObject(name).put("type", "object");
                }
            }
            fixTypes(root.get("paths"));
            fixTypes(root.get("definitions"));
            ObjectNode info = (ObjectNode) root.get("info");
            if (!info.has("title")) {
                info.put("title", "Toggl Track API v9");
            }
            // responses without a description, and path parameters some operations forget to declare
            root.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                if (op.getValue() instanceof ObjectNode operation) {
                    if (operation.get("responses") instanceof ObjectNode responses) {
                        responses.elements().forEachRemaining(r -> {
                            if (r instanceof ObjectNode ro && !ro.has("description")) {
                                ro.put("description", "");
                            }
                        });
                    }
                    if ("get".equals(op.getKey()) && operation.get("parameters") instanceof ArrayNode getParams) {
                        queryNotForm(getParams);
                    }
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                    ArrayNode params = operation.has("parameters") ? (ArrayNode) operation.get("parameters") : operation.putArray("parameters");
                    while (m.find()) {
                        String name = m.group(1);
                        boolean declared = false;
                        for (com.fasterxml.jackson.databind.JsonNode prm : params) {
                            declared |= "path".equals(prm.path("in").asText()) && name.equals(prm.path("name").asText());
                        }
                        if (!declared) {
                            params.addObject().put("name", name).put("in", "path").put("required", true).put("type", "string");
                        }
                    }
                }
            }));
            ArrayNode consumes = root.putArray("consumes");
            consumes.add("application/json");
            ArrayNode produces = root.putArray("produces");
            produces.add("application/json");
            // the converter reports every oddity of the file (unused report endpoints, missing descriptions)
            // as a message, and the validator refuses any message: convert here and keep the model
            io.swagger.v3.parser.core.models.ParseOptions options = new io.swagger.v3.parser.core.models.ParseOptions();
            options.setResolve(true);
            io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.parser.OpenAPIParser()
                    .readContents(json.writeValueAsString(root), null, options);
            if (parsed.getOpenAPI() == null) {
                throw new IllegalStateException("Toggl Swagger does not load: " + parsed.getMessages());
            }
            validator = OpenApiInteractionValidator.createFor(parsed.getOpenAPI()).build();
        }
        return validator;
    }

    /**
     * A GET has no body, yet the file declares the filters of some GETs as formData, several of them
     * required (GET /workspaces/{wid}/projects: name, page, sort_field, sort_order, only_templates,
     * and the query parameter sort_pinned). Toggl reads them from the query and needs none of them
     * (api-notes "Endpoints the sync needs"): they become optional query parameters. A boolean whose
     * description says "You can pass 'both'" ({@code active}) takes that word too.
     */
    private static void queryNotForm(ArrayNode params) {
        for (com.fasterxml.jackson.databind.JsonNode p : params) {
            if (p instanceof ObjectNode param && ("formData".equals(param.path("in").asText())
                    || "sort_pinned".equals(param.path("name").asText()))) {
                param.put("in", "query");
                param.put("required", false);
                if (param.path("description").asText().contains("'both'")) {
                    param.put("type", "string");
                }
            }
        }
    }

    static final java.util.Set<String> TYPES = java.util.Set.of("string", "number", "integer", "boolean", "array",
            "object", "file");

    private static void fixTypes(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof ObjectNode o) {
            com.fasterxml.jackson.databind.JsonNode type = o.get("type");
            if (type != null && type.isTextual() && !TYPES.contains(type.asText())) {
                if (type.asText().equals("int")) {
                    o.put("type", "integer");
                } else {
                    o.remove("type");
                }
            }
            o.elements().forEachRemaining(TogglSwagger::fixTypes);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(TogglSwagger::fixTypes);
        }
    }

    /** Problems with one request (empty when it matches the spec); path relative to /api/v9. */
    static List<String> problems(SimRequest r, String apiPath) throws Exception {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(r.method()), apiPath);
        r.headers().forEach(b::withHeader);
        r.query().forEach((k, v) -> b.withQueryParam(k, v));
        if (r.body().length > 0) {
            b.withBody(r.bodyText());
        }
        ValidationReport report = validator().validateRequest(b.build());
        List<String> out = new ArrayList<>();
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> out.add(r.method() + " " + apiPath + ": " + m.getMessage()));
        return out;
    }

    /** The simulator, checking every API v9 request it receives against the Swagger first. */
    static final class ValidatingSimulator extends TogglSimulator {
        final List<String> problems = new CopyOnWriteArrayList<>();
        final List<String> validated = new CopyOnWriteArrayList<>();

        @Override
        public SimResponse handle(SimRequest request) throws Exception {
            if (request.path().startsWith("/api/v9/")) {
                String apiPath = request.path().substring("/api/v9".length());
                problems.addAll(problems(request, apiPath));
                validated.add(request.method() + " " + apiPath);
            }
            return super.handle(request);
        }

        @Override
        public Map<String, String> connectorSettings(String rootUrl) {
            return super.connectorSettings(rootUrl);
        }
    }

    private TogglSwagger() {
    }
}
