package io.contactsbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The vendor files tests read (OpenAPI/Swagger specs, webhook examples), from the test classpath:
 * the vendor copies in {@code src/test/resources/vendor/} (see the README.md beside each set for
 * where they came from). Names are relative to that folder, e.g. {@code "highlevel/apps/contacts.json"}.
 * Nothing here reads a path outside the repository.
 */
public final class VendorFiles {
    /** The classpath folder of the vendor copies (src/test/resources/vendor). */
    public static final String ROOT = "vendor/";

    private VendorFiles() {
    }

    /** The classpath URL of a vendor file; fails naming the file when it is not there. */
    public static URL url(String relative) {
        String name = ROOT + relative.replaceFirst("^/+", "");
        URL url = VendorFiles.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new AssertionError("vendor file not on the test classpath: src/test/resources/" + name);
        }
        return url;
    }

    /**
     * The vendor file as a file-system path, for libraries that want a file or a location (relative
     * {@code $ref}s such as {@code ../common/common-schemas.json} then resolve beside it). The test
     * classpath is target/test-classes, a folder; a vendor file packed in a jar has no such path.
     */
    public static Path path(String relative) {
        URL url = url(relative);
        if (!"file".equals(url.getProtocol())) {
            throw new IllegalStateException("vendor file " + relative + " is not a plain file (" + url
                    + "): read it with text(...) or bytes(...) instead");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad URL of vendor file " + relative + ": " + url, e);
        }
    }

    /** The bytes of a vendor file, exactly as copied. */
    public static byte[] bytes(String relative) {
        try (InputStream in = url(relative).openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vendor file " + relative, e);
        }
    }

    /** The text of a vendor file (UTF-8). */
    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }
}
