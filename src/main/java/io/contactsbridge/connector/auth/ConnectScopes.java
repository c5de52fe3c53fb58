package io.contactsbridge.connector.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.contactsbridge.connector.http.ApiOperation;

/**
 * Least privilege for a consent: the scopes of the operations the flows name. A flow names an
 * operation as {@code <namespace>.<operationId>} (in {@code direct:...}, {@code syncOperation}, a
 * bean call), so reading the flow files is enough to know whether any flow writes to a connector.
 */
public final class ConnectScopes {
    /** Where the bridge loads its YAML flows from (the working directory's {@code routes/}). */
    public static final String FLOWS_DIR = "routes";
    private ConnectScopes() {
    }

    /** The scopes of the operations among {@code operations} that any of the flow texts names. */
    public static Set<String> usedBy(List<ApiOperation> operations, List<String> flowTexts) {
        Set<String> scopes = new LinkedHashSet<>();
        for (ApiOperation op : operations) {
            if (op.scope() == null) {
                continue;
            }
            Pattern named = Pattern.compile("(?<![A-Za-z0-9_.-])" + Pattern.quote(op.qualifiedName()) + "(?![A-Za-z0-9_-])");
            if (flowTexts.stream().anyMatch(t -> named.matcher(t).find())) {
                scopes.add(op.scope());
            }
        }
        return scopes;
    }

    /** True when a flow names a write operation of {@code operations}. */
    public static boolean anyWrite(List<ApiOperation> operations, List<String> flowTexts) {
        List<ApiOperation> writes = operations.stream().filter(ApiOperation::write).toList();
        return !usedBy(writes, flowTexts).isEmpty();
    }

    /** The texts of the YAML flows in {@code dir} (none when it does not exist). */
    public static List<String> flowTexts(Path dir) {
        List<String> texts = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return texts;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading the flows in " + dir + ": " + e.getMessage(), e);
        }
        return texts;
    }
}
