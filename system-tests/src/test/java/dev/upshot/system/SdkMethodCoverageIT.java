package dev.upshot.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit behind the root README's claim that every supported method of its "Upload and Admin API methods" table
 * runs through both official SDKs: every method or parameter name written in the method column of a supported row
 * must be audited here, and each audited call must be made in the Node SDK tests ({@code src/test/node/test}, run by
 * {@link NodeSdkIT}) and in the Java SDK system tests ({@code src/test/java}). A call an SDK cannot make is listed with
 * the reason. This reads sources only (no services); that the calls assert behaviour is the tests' own business.
 */
class SdkMethodCoverageIT {
    private static final Path REPO = Path.of(System.getProperty("upshot.repo", "..")).toAbsolutePath().normalize();
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

    /**
     * One audited call.
     *
     * @param node       its Node SDK name as the README writes it
     * @param java       its Java SDK name as the README writes it, or null where the README names only the Node one
     * @param nodeCall   what a Node test file holds where it makes the call (a regex), or null with {@code nodeGap}
     * @param javaCall   what a Java system test holds where it makes the call (a regex), or null with {@code javaGap}
     * @param nodeGap    why the Node SDK cannot make it
     * @param javaGap    why the Java SDK cannot make it, or how the test makes it without a named method
     */
    record Call(String node, String java, String nodeCall, String javaCall, String nodeGap, String javaGap) {
        static Call of(String node, String java, String nodeCall, String javaCall) {
            return new Call(node, java, nodeCall, javaCall, null, null);
        }

        /** An SDK method: {@code .name(} in the tests of either SDK. */
        static Call method(String node, String java) {
            return of(node, java, "\\." + node + "\\(", "\\." + java + "\\(");
        }

        Call javaNote(String note) {
            return new Call(node, java, nodeCall, javaCall, nodeGap, note);
        }
    }

    static final List<Call> AUDIT = List.of(
            Call.of("upload", "upload", "uploader\\.upload\\(", "uploader\\(\\)\\.upload\\("),
            Call.of("allowed_formats", null, "allowed_formats:", "\"allowed_formats\""),
            Call.of("format", null, "format: '(jpg|webp)'", "\"format\", \"jpg\""),
            Call.of("type: private", null, "'private'", "\"private\""),
            Call.of("type: authenticated", null, "'authenticated'", "\"authenticated\""),
            Call.of("access_control", null, "access_control:", "\"access_control\""),
            Call.of("anonymous", null, "access_type: 'anonymous'", "AccessControlRule\\.anonymous"),
            Call.of("token", null, "access_type: 'token'", "AccessControlRule\\.token\\(\\)"),
            Call.of("sign_url", "signed", "sign_url: true", "\\.signed\\(true\\)"),
            Call.of("long_url_signature", "longUrlSignature", "long_url_signature: true",
                    "\\.longUrlSignature\\(true\\)"),
            Call.method("unsigned_upload", "unsignedUpload"),
            Call.method("upload_large", "uploadLarge"),
            Call.method("explicit", "explicit"),
            Call.method("destroy", "destroy"),
            Call.method("rename", "rename"),
            Call.method("add_tag", "addTag"),
            Call.method("remove_tag", "removeTag"),
            Call.method("replace_tag", "replaceTag"),
            Call.method("remove_all_tags", "removeAllTags"),
            new Call("exclusive", "set_exclusive", null, "\"exclusive\", true",
                    "the Node SDK 2.11.0 never sends it: lib/uploader.js:330 reads it with"
                            + " utils.option_consume(\"exclusive\", options), the arguments of consumeOption(options,"
                            + " name) swapped, so add_tag always sends command=add", null),
            Call.method("add_context", "addContext"),
            Call.method("remove_all_context", "removeAllContext"),
            Call.method("update_metadata", "updateMetadata"),
            new Call("delete_by_token", "deleteByToken", null, "\\.deleteByToken\\(",
                    "the Node SDK 2.11.0 has no delete_by_token method: the test posts the token to"
                            + " /v1_1/{cloud}/delete_by_token as a browser does", null),
            Call.of("return_delete_token", null, "return_delete_token: true", "\"return_delete_token\", true"),
            Call.method("ping", "ping"),
            Call.method("resource_types", "resourceTypes"),
            Call.method("resources", "resources"),
            Call.of("fields", null, "fields: ", "\"fields\""),
            Call.of("direction", null, "direction: '(asc|desc)'", "\"direction\", \"(asc|desc)\""),
            Call.of("start_at", null, "start_at: ", "\"start_at\""),
            Call.method("resources_by_ids", "resourcesByIds"),
            Call.method("resources_by_tag", "resourcesByTag"),
            Call.method("resources_by_context", "resourcesByContext"),
            Call.method("resource_by_asset_id", "resourceByAssetID"),
            Call.method("resources_by_asset_ids", "resourcesByAssetIDs"),
            Call.method("tags", "tags"),
            Call.of("tags prefix", null, "api\\.tags\\(\\{ prefix", "\\.tags\\(ObjectUtils\\.asMap\\(\"prefix\""),
            Call.method("resources_by_moderation", "resourcesByModeration"),
            Call.method("resource", "resource"),
            Call.method("update", "update"),
            Call.of("custom_coordinates", null, "custom_coordinates:", "\"custom_coordinates\""),
            Call.of("clear_invalid", null, "clear_invalid: true", "\"clear_invalid\", true"),
            Call.method("delete_resources", "deleteResources"),
            Call.method("delete_resources_by_prefix", "deleteResourcesByPrefix"),
            Call.method("delete_resources_by_tag", "deleteResourcesByTag"),
            Call.method("delete_all_resources", "deleteAllResources"),
            Call.method("upload_presets", "uploadPresets"),
            Call.method("upload_preset", "uploadPreset"),
            Call.method("create_upload_preset", "createUploadPreset"),
            Call.method("update_upload_preset", "updateUploadPreset"),
            Call.method("delete_upload_preset", "deleteUploadPreset"),
            Call.method("list_metadata_fields", "listMetadataFields"),
            Call.method("metadata_field_by_field_id", "metadataFieldByFieldId"),
            Call.method("add_metadata_field", "addMetadataField"),
            Call.method("update_metadata_field", "updateMetadataField"),
            Call.method("delete_metadata_field", "deleteMetadataField"),
            Call.method("update_metadata_field_datasource", "updateMetadataFieldDatasource"),
            Call.method("delete_datasource_entries", "deleteDatasourceEntries"),
            Call.method("restore_metadata_field_datasource", "restoreDatasourceEntries"),
            Call.of("order_metadata_field_datasource", null, "\\.order_metadata_field_datasource\\(",
                    "\"datasource\", \"order\"").javaNote("the Java SDK 2.4.0 has no method for it: the test calls"
                    + " POST metadata_fields/{id}/datasource/order through the SDK's protected Api.callApi"),
            Call.method("reorder_metadata_fields", "reorderMetadataFields"));

    @Test
    void everySupportedMethodOfTheReadmeIsCalledThroughBothSdks() throws IOException {
        Set<String> audited = new LinkedHashSet<>();
        AUDIT.forEach(c -> {
            audited.add(c.node());
            if (c.java() != null) {
                audited.add(c.java());
            }
        });
        List<String> unaudited = readmeNames().stream().filter(n -> !audited.contains(n)).toList();

        String node = sources(REPO.resolve("system-tests/src/test/node/test"), ".test.js");
        String java = sources(REPO.resolve("system-tests/src/test/java"), "IT.java");
        List<String> missing = new ArrayList<>();
        StringBuilder table = new StringBuilder("| method | Node SDK | Java SDK |\n|---|---|---|\n");
        for (Call call : AUDIT) {
            String nodeState = state(call.nodeCall(), call.nodeGap(), node);
            String javaState = state(call.javaCall(), call.javaGap(), java);
            table.append("| ").append(call.node()).append(call.java() == null ? "" : " / " + call.java())
                    .append(" | ").append(nodeState).append(" | ").append(javaState).append(" |\n");
            if (nodeState.startsWith("MISSING") || javaState.startsWith("MISSING")) {
                missing.add(call.node());
            }
        }
        System.out.print(table);
        assertAll(() -> assertEquals(List.of(), unaudited, "names in supported rows of the README's method table"
                        + " that this audit does not know: add them to SdkMethodCoverageIT.AUDIT with the tests that"
                        + " call them"),
                () -> assertEquals(List.of(), missing, "calls no SDK test makes:\n" + table));
    }

    private static String state(String call, String gap, String sources) {
        if (call == null) {
            assertTrue(gap != null && !gap.isBlank(), "a call an SDK cannot make says why");
            return "cannot: " + gap;
        }
        String state = Pattern.compile(call).matcher(sources).find() ? "called" : "MISSING (" + call + ")";
        return gap == null ? state : state + "; " + gap;
    }

    /** Every name quoted in the method column of a row whose status starts with "supported". */
    private static Set<String> readmeNames() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        int start = readme.indexOf("### Upload and Admin API methods");
        assertTrue(start >= 0, "the README's method table");
        int end = readme.indexOf("\n#", start + 4);
        Set<String> names = new LinkedHashSet<>();
        int rows = 0;
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            // cells split on pipes that are not escaped (\|) inside a quoted value
            String[] cells = line.split("(?<!\\\\)\\|");
            if (!line.startsWith("|") || cells.length < 4 || !cells[3].strip().startsWith("supported")) {
                continue;
            }
            rows++;
            Matcher quoted = QUOTED.matcher(cells[2]);
            while (quoted.find()) {
                if (NAME.matcher(quoted.group(1)).matches()) {
                    names.add(quoted.group(1));
                }
            }
        }
        assertTrue(rows > 20 && names.size() > 40, "supported rows " + rows + ", names " + names);
        return names;
    }

    /** The text of every file under {@code root} whose name ends so, this audit's own source excepted. */
    private static String sources(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .filter(f -> !f.getFileName().toString().equals(SdkMethodCoverageIT.class.getSimpleName()
                            + ".java"))
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new IllegalStateException(f.toString(), e);
                        }
                    }).collect(Collectors.joining("\n"));
        }
    }
}
