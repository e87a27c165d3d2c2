package dev.upshot.local.build;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Maven reactor as the root pom.xml declares it: every module (nested aggregators too), its parent and the
 * reactor modules it depends on outside the test scope. Read from the poms, without running Maven.
 */
public final class Reactor {

    /** One module: its folder, artifact id, parent's artifact id (null if outside the reactor) and dependencies. */
    public record Module(Path dir, String artifactId, String parent, List<String> dependencies) {
        public Path pom() {
            return dir.resolve("pom.xml");
        }
    }

    private final Path root;
    private final Map<String, Module> modules = new LinkedHashMap<>();

    private Reactor(Path root) {
        this.root = root;
    }

    public static Reactor read(Path root) {
        Reactor reactor = new Reactor(root.toAbsolutePath().normalize());
        List<Element> poms = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        reactor.collect(reactor.root, poms, dirs);
        Set<String> ids = new LinkedHashSet<>();
        poms.forEach(pom -> ids.add(text(pom, "artifactId")));
        for (int i = 0; i < poms.size(); i++) {
            Element pom = poms.get(i);
            List<String> deps = new ArrayList<>();
            Element dependencies = child(pom, "dependencies");
            if (dependencies != null) {
                for (Element dep : children(dependencies, "dependency")) {
                    String scope = text(dep, "scope");
                    if (ids.contains(text(dep, "artifactId")) && !"test".equals(scope)) {
                        deps.add(text(dep, "artifactId"));
                    }
                }
            }
            Element parent = child(pom, "parent");
            String parentId = parent == null ? null : text(parent, "artifactId");
            reactor.modules.put(text(pom, "artifactId"), new Module(dirs.get(i), text(pom, "artifactId"),
                    ids.contains(parentId) ? parentId : null, deps));
        }
        return reactor;
    }

    private void collect(Path dir, List<Element> poms, List<Path> dirs) {
        Element pom = parse(dir.resolve("pom.xml"));
        poms.add(pom);
        dirs.add(dir);
        Element list = child(pom, "modules");
        if (list != null) {
            for (Element module : children(list, "module")) {
                collect(dir.resolve(module.getTextContent().trim()).normalize(), poms, dirs);
            }
        }
    }

    public Path root() {
        return root;
    }

    public Optional<Module> module(String artifactId) {
        return Optional.ofNullable(modules.get(artifactId));
    }

    /**
     * What a module's build reads: its own pom and main sources, the poms of its parents, and the same of every module
     * it depends on, transitively.
     */
    public List<Path> inputs(String artifactId) {
        Set<Path> inputs = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        addInputs(artifactId, inputs, seen);
        return new ArrayList<>(inputs);
    }

    private void addInputs(String artifactId, Set<Path> inputs, Set<String> seen) {
        Module m = modules.get(artifactId);
        if (m == null || !seen.add(artifactId)) {
            return;
        }
        inputs.add(m.pom());
        Path main = m.dir().resolve("src/main");
        if (Files.isDirectory(main)) {
            inputs.add(main);
        }
        for (Module p = parentOf(m); p != null; p = parentOf(p)) {
            inputs.add(p.pom());
        }
        m.dependencies().forEach(d -> addInputs(d, inputs, seen));
    }

    private Module parentOf(Module m) {
        return m.parent() == null ? null : modules.get(m.parent());
    }

    private static Element parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
