package dev.upshot.local.command;

import dev.upshot.local.Die;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Repo;
import dev.upshot.local.config.State;
import dev.upshot.local.part.Part;
import dev.upshot.local.process.OsProcesses;
import dev.upshot.local.readiness.Probes;

import java.time.Duration;
import java.util.List;

/**
 * {@code status}: each part's state, pid, port, restarts and readiness, then the services' operator summary. Exit 0
 * when every expected part is ready, else 3.
 */
final class Status {
    private static final String ROW = "%-20s %-9s %-8s %-22s %-9s %s%n";
    private static final Duration PROBE = Duration.ofSeconds(3);

    private Status() {
    }

    static int run(Repo repo, Env env, List<String> args) {
        if (!args.isEmpty()) {
            throw new Die("status takes no arguments");
        }
        Running running = Running.load(repo, env);
        String host = running.ports().host();
        boolean bad = false;
        System.out.printf(ROW, "PART", "STATE", "PID", "PORT", "RESTARTS", "READY");
        for (Part part : running.knownParts(running.replicas())) {
            String port = host + ":" + running.ports().of(part);
            var state = running.state();
            if (part.equals(Part.PG) && state.map(State::pgExternal).orElse(false)) {
                String endpoint = state.get().pgEndpoint();
                int colon = endpoint.lastIndexOf(':');
                boolean up = Probes.portOpen(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
                bad |= !up;
                System.out.printf(ROW, part, "external", "-", endpoint, "-", up ? "reachable" : "unreachable");
                continue;
            }
            if (part.equals(Part.S3) && state.map(State::s3External).orElse(false)) {
                String endpoint = state.get().s3Endpoint();
                boolean up = Probes.httpStatus(endpoint + "/", PROBE) != 0;
                bad |= !up;
                System.out.printf(ROW, part, "external", "-", endpoint, "-", up ? "reachable" : "unreachable");
                continue;
            }
            boolean expected = part.infrastructure()
                    || state.map(s -> s.services().contains(part.service().module())).orElse(true);
            String pid = "-";
            String status = "stopped";
            String ready = "-";
            if (running.processes().running(part.name())) {
                status = "running";
                pid = OsProcesses.readPid(running.home().child(part.name())).stream().mapToObj(Long::toString)
                        .findFirst().orElse(Long.toString(running.processes().pidOf(part.name()).getAsLong()));
                ready = readiness(running, part);
                bad |= !ready.equals("ready");
            } else if (expected) {
                bad = true;
            } else {
                ready = "(not selected)";
            }
            System.out.printf(ROW, part, status, pid, port, running.home().restartCount(part.name()), ready);
        }
        System.out.println("home: " + running.home());
        if (running.state().map(s -> s.services().contains("upload-gateway")).orElse(false)) {
            new Operator(running).summary();
        }
        return bad ? 3 : 0;
    }

    private static String readiness(Running running, Part part) {
        String host = running.ports().host();
        int port = running.ports().of(part);
        if (part.equals(Part.KAFKA) || part.equals(Part.PG)) {
            return Probes.portOpen(host, port) ? "ready" : "not ready";
        }
        if (part.equals(Part.S3)) {
            return Probes.httpStatus(running.url(part, "/"), PROBE) != 0 ? "ready" : "not ready";
        }
        int code = Probes.httpStatus(running.url(part, "/q/health/ready"), PROBE);
        return code == 200 ? "ready" : String.format("not ready (HTTP %03d)", code);
    }
}
