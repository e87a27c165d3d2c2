package dev.upshot.onsuccess.sandbox;

import java.util.stream.Stream;

/** The hostile-script suite, shared by the in-process sandbox test and the child-process pool test. */
public final class HostileScripts {
    /** Spins near the stack limit and ignores cancellation: only killing its process stops it. */
    public static final String CATCH_AND_RECURSE = "function f(){try{f()}catch(e){f()}} f()";

    private HostileScripts() {
    }

    /** Every limit the sandbox enforces in-process, and every door it keeps shut. */
    public static Stream<String> stoppableInProcess() {
        return Stream.of(
                "while (true) {}",
                "for (;;) { try { throw 1 } catch (x) {} }",
                "let s = 'x'; while (true) s += s;",
                "const a = []; while (true) a.push(new Array(1000).fill(1));",
                "const a = [1]; while (true) { a.push(...a); JSON.stringify(a); }",
                "while (true) console.log('x'.repeat(1000));",
                "current_asset.update({ tags: ['x'.repeat(2000000)] })",
                "for (let i = 0; i < 100; i++) current_asset.update({ tags: [] })",
                "try { current_asset.update({ public_id: 'x' }) } catch (x) {}",
                "Java.type('java.lang.System').exit(1)",
                "Polyglot.eval('js', '1')",
                "load('/etc/passwd')",
                "require('fs')",
                "fetch('http://example.com')",
                "Packages.java.lang.System.exit(1)",
                "Graal.versionJS.length()",
                "current_asset.update = null; if (current_asset.update === null) throw new Error('replaced');"
                        + " throw new Error('frozen')",
                "Object.prototype.tags = ['polluted']; null.x");
    }

    public static Stream<String> all() {
        return Stream.concat(Stream.of(CATCH_AND_RECURSE), stoppableInProcess());
    }
}
