package dev.upshot.local.infra;

import dev.upshot.local.config.KeyValueFile;
import dev.upshot.local.config.Stack;
import dev.upshot.local.part.Part;
import dev.upshot.local.process.Launch;
import dev.upshot.local.process.ServiceLaunch;
import dev.upshot.local.readiness.Probes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** s3proxy on the local file system, or the external S3 store UPSHOT_S3_ENDPOINT names. */
public final class S3Proxy {
    private final Stack stack;
    private final String java;

    public S3Proxy(Stack stack, String java) {
        this.stack = stack;
        this.java = java;
    }

    /** Writes s3proxy's configuration (it holds the secret key: owner only); the command to run it. */
    public Launch prepare() {
        Path config = stack.home().conf("s3proxy.conf");
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("s3proxy.endpoint", "http://" + stack.ports().listenHost() + ":" + stack.ports().s3());
        conf.put("s3proxy.authorization", "aws-v2-or-v4");
        conf.put("s3proxy.identity", stack.storage().accessKey());
        conf.put("s3proxy.credential", stack.storage().secretKey());
        conf.put("jclouds.provider", "filesystem");
        conf.put("jclouds.filesystem.basedir", stack.home().data("s3").toString());
        KeyValueFile.write(config, conf, true);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(new Cds(stack.cds(), stack.home()).options("s3"));
        command.addAll(List.of("-Xms16m", "-Xmx256m"));
        command.addAll(ServiceLaunch.FOOTPRINT);
        command.addAll(List.of("-Djava.io.tmpdir=" + stack.home().tmp(), "-jar",
                stack.repo().local().resolve("target/s3proxy/s3proxy.jar").toString(), "--properties",
                config.toString()));
        return new Launch(Part.S3, stack.home().dir(), null, Map.of(), command);
    }

    /** Anything answering HTTP at the endpoint. */
    public boolean ready() {
        return Probes.httpStatus(stack.storage().endpoint() + "/", Duration.ofSeconds(3)) != 0;
    }
}
