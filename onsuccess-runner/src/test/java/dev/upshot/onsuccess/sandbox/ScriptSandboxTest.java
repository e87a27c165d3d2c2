package dev.upshot.onsuccess.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox in this JVM: the script contract, and the limits that in-process checks can enforce. */
class ScriptSandboxTest {
    static final SandboxLimits LIMITS = new SandboxLimits(1000, 1_000_000, 64L << 20, 1 << 20, 4096, 3, 10_000, 16);
    static final String EVENT = """
            {"upload_info":{"public_id":"cat","width":1200,"tags":["a","b"]},"status":"success"}""";
    static ScriptSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new ScriptSandbox(LIMITS);
        sandbox.run("current_asset.update({ tags: [...e.upload_info.tags] })", EVENT);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static JsonNode update(RunResult result) throws Exception {
        assertTrue(result.succeeded(), result.error());
        return new ObjectMapper().readTree(result.updateJson());
    }

    @Test
    void documentedExamplesRunAsWritten() throws Exception {
        JsonNode caption = update(sandbox.run("""
                const caption = e.upload_info?.info?.detection?.captioning?.data?.caption;
                current_asset.update({ tags: ['autocaption'], context: { caption: caption ?? '' } });
                """, EVENT));
        assertEquals("[\"autocaption\"]", caption.get("tags").toString());
        assertEquals("", caption.at("/context/caption").asText());

        JsonNode metadata = update(sandbox.run("""
                if (e.upload_info.width > 1000) {
                  current_asset.update({ metadata: { rating: 'good', usage_types: ['web', 'print'] } });
                }
                """, EVENT));
        assertEquals("{\"rating\":\"good\",\"usage_types\":[\"web\",\"print\"]}", metadata.get("metadata").toString());

        JsonNode tags = update(sandbox.run("current_asset.update({ tags: [...e.upload_info.tags, 'c'] });", EVENT));
        assertEquals("[\"a\",\"b\",\"c\"]", tags.get("tags").toString());
        assertEquals("success", update(sandbox.run("current_asset.update({ tags: [event.status] })", EVENT))
                .at("/tags/0").asText());
    }

    @Test
    void aSecondUpdateReplacesOnlyTheKindsItNames() throws Exception {
        JsonNode both = update(sandbox.run("""
                current_asset.update({ tags: ['x'], context: { a: '1' } });
                current_asset.update({ tags: ['y'] });
                """, EVENT));
        assertEquals("{\"tags\":[\"y\"],\"context\":{\"a\":\"1\"}}", both.toString());
    }

    @Test
    void noUpdateIsNoChange() {
        RunResult result = sandbox.run("const x = 1;", EVENT);
        assertTrue(result.succeeded());
        assertNull(result.updateJson());
    }

    @Test
    void errorsCarryLineAndColumn() {
        RunResult syntax = sandbox.run("const a = 1;\n  let let = 2;", EVENT);
        assertFalse(syntax.succeeded());
        assertTrue(syntax.error().contains("on_success.js:2:"), syntax.error());
        RunResult thrown = sandbox.run("\n\nnull.x", EVENT);
        assertTrue(thrown.error().contains("on_success.js:3:"), thrown.error());
    }

    @ParameterizedTest
    @MethodSource("dev.upshot.onsuccess.sandbox.HostileScripts#stoppableInProcess")
    void hostileScriptsFailWithinTheirLimits(String script) {
        long started = System.nanoTime();
        RunResult result = sandbox.run(script, EVENT);
        assertFalse(result.succeeded(), script);
        // generous: this JVM may share the CPU with other tests' sandboxes; the pool tests time the real bound
        assertTrue(System.nanoTime() - started < 8_000_000_000L, script);
        assertTrue(sandbox.run("current_asset.update({ tags: ['ok'] })", EVENT).succeeded());
    }

    @Test
    void prototypePollutionDoesNotReachTheNextRun() throws Exception {
        sandbox.run("Object.prototype.tags = ['polluted']; Array.prototype.push = null; globalThis.leak = 1;", EVENT);
        JsonNode clean = update(sandbox.run(
                "const a = []; a.push(typeof leak, String(({}).tags)); current_asset.update({ tags: a });", EVENT));
        assertEquals("[\"undefined\",\"undefined\"]", clean.get("tags").toString());
    }
}
