package dev.upshot.local.config;

import java.nio.file.Path;

/** The repository the runner belongs to, and the places in it the runner uses. */
public record Repo(Path root) {

    /** From the {@code upshot.root} system property the shim sets, else the working directory. */
    public static Repo current() {
        return new Repo(Path.of(System.getProperty("upshot.root", ".")).toAbsolutePath().normalize());
    }

    /** deploy/local: this launcher's module, whose target/ holds Kafka, PostgreSQL and s3proxy. */
    public Path local() {
        return root.resolve("deploy/local");
    }

    /** The class path of Kafka, its tools, the embedded PostgreSQL and this module's classes. */
    public String infraClassPath() {
        return local().resolve("target/lib/*") + ":" + local().resolve("target/classes");
    }

    public String log4jOption() {
        return "-Dlog4j2.configurationFile=" + local().resolve("conf/log4j2.xml");
    }

    /** UPSHOT_HOME, by default .upshot/ in the repository. */
    public Path home(Env env) {
        return Path.of(env.get("UPSHOT_HOME", root.resolve(".upshot").toString()));
    }
}
