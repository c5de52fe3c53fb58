package io.contactsbridge.timetonic;

import static io.contactsbridge.connector.http.ApiOperation.Param.form;
import static io.contactsbridge.connector.http.ApiOperation.Param.requiredForm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.connector.http.ApiOperation.Param;

/**
 * Every TimeTonic call the bridge makes, as routes {@code direct:timetonic.<req>}: one POST to
 * {@code /api.php} each, every parameter a form field (headers named like the fields), the
 * operation in {@code req}. {@code b_c}, {@code b_o} and {@code version} default to the configured
 * ones; the session fields ({@code o_u}, {@code u_c}, {@code sesskey}) are added by
 * {@link TimeTonicSession}. The session chain itself ({@code createAppkey}, {@code createOauthkey},
 * {@code createSesskey}) is served by routes of its own ({@value #SESSION_NAMESPACE}), sent without a session.
 */
public final class TimeTonicOperations {
    public static final String NAMESPACE = "timetonic";
    public static final String SESSION_NAMESPACE = "timetonic-session";
    static final String PATH = "/api.php";
    static final String BOOK_CODE = "b_c";
    static final String BOOK_OWNER = "b_o";
    static final String VERSION = "version";

    private static final List<ApiOperation> ALL = new ArrayList<>();
    private static final List<ApiOperation> SESSION = new ArrayList<>();

    static {
        add(ALL, NAMESPACE, "getAllBooks", List.of(), false, false, "The books the user can see (allBooks.books[])");
        add(ALL, NAMESPACE, "getBookTables", List.of(book(), owner(),
                form("includeFields", "string", "true to list each table's fields")), false, false,
                "The tables of the configured book (bookTables.categories[]) with their fields");
        add(ALL, NAMESPACE, "getTableValues", List.of(owner(), requiredForm("catId", "integer", null, "Table id"),
                        form("offset", "integer", "Rows to skip"), form("maxRows", "integer", "Page size"),
                        form("filterRowIds", "string", "JSON list of row ids to read")), false, false,
                "One page of a table's rows, column-major (tableValues.fields[].values[{id, value}])");
        add(ALL, NAMESPACE, "createOrUpdateTableRow", List.of(book(), owner(),
                        requiredForm("catId", "integer", null, "Table id"),
                        requiredForm("rowId", "string", null, "Row id, or tmp<anything> to create a row"),
                        requiredForm("fieldValues", "string", null, "JSON object {fieldId: value}"),
                        form("returnUpdatedRows", "string", "true to answer the rows")), true, true,
                "Create or update one row (answer rows[] = its id)");
        add(ALL, NAMESPACE, "createOrUpdateTableRows", List.of(book(), owner(),
                        requiredForm("catId", "integer", null, "Table id"),
                        requiredForm("rows", "string", null, "JSON object {rowId or tmp id: {fieldId: value}} (at most 10)")),
                true, true, "Create or update up to 10 rows at once");
        add(ALL, NAMESPACE, "deleteTableRows", List.of(book(), owner(), requiredForm("catId", "integer", null, "Table id"),
                requiredForm("rows", "string", null, "JSON list of row ids")), true, false, "Delete rows");

        add(SESSION, SESSION_NAMESPACE, "createAppkey", List.of(requiredForm("appname", "string", null, "Application name")),
                false, false, "A new app key");
        add(SESSION, SESSION_NAMESPACE, "createOauthkey", List.of(requiredForm("login", "string", null, "User login"),
                requiredForm("pwd", "string", null, "Password"), requiredForm("appkey", "string", null, "App key")),
                false, false, "An OAuth key (and o_u) for a user of the app");
        add(SESSION, SESSION_NAMESPACE, "createSesskey", List.of(requiredForm("o_u", "string", null, "OAuth user"),
                requiredForm("u_c", "string", null, "Acting user"), requiredForm("oauthkey", "string", null, "OAuth key")),
                false, false, "A session key");
    }

    private TimeTonicOperations() {
    }

    public static List<ApiOperation> all() {
        return List.copyOf(ALL);
    }

    static List<ApiOperation> session() {
        return List.copyOf(SESSION);
    }

    /** The defaults of every operation: its {@code req}, the version, the configured book. */
    static Map<String, String> defaults(TimeTonicSettings s) {
        Map<String, String> d = new LinkedHashMap<>();
        for (ApiOperation op : ALL) {
            d.put(reqKey(op.operationId()), op.operationId());
        }
        for (ApiOperation op : SESSION) {
            d.put(reqKey(op.operationId()), op.operationId());
        }
        d.put(VERSION, s.apiVersion());
        d.put(BOOK_CODE, s.bookCode());
        d.put(BOOK_OWNER, s.bookOwner());
        return d;
    }

    private static String reqKey(String operationId) {
        return "req:" + operationId;
    }

    private static Param book() {
        return requiredForm(BOOK_CODE, "string", BOOK_CODE, "Book code (default: TIMETONIC_BOOK_CODE)");
    }

    private static Param owner() {
        return requiredForm(BOOK_OWNER, "string", BOOK_OWNER, "Book owner (default: TIMETONIC_BOOK_OWNER)");
    }

    private static void add(List<ApiOperation> to, String namespace, String req, List<Param> params, boolean write,
                            boolean create, String description) {
        List<Param> all = new ArrayList<>();
        // the operation's name and the API version are form fields too, fixed per operation
        all.add(requiredForm("req", "string", reqKey(req), "Operation (fixed: " + req + ")"));
        all.add(requiredForm(VERSION, "string", VERSION, "API version (default: TIMETONIC_API_VERSION)"));
        all.addAll(params);
        to.add(new ApiOperation(namespace, req, namespace + "." + req, "POST", ApiOperation.API, PATH, all, null, Set.of(),
                null, write, create, null, description));
    }
}
