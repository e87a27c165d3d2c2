package dev.upshot.local.command;

import dev.upshot.local.config.Account;
import dev.upshot.local.config.Env;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Ports;
import dev.upshot.local.config.Repo;
import dev.upshot.local.config.State;
import dev.upshot.local.part.Part;
import dev.upshot.local.part.Service;
import dev.upshot.local.process.PartProcesses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A home as the last {@code up} left it: its state, ports (the environment's win) and processes. */
record Running(Home home, Env env, Optional<State> state, Ports ports, PartProcesses processes) {

    static Running load(Repo repo, Env env) {
        return load(Home.existing(repo.home(env)), env);
    }

    static Running load(Home home, Env env) {
        Optional<State> state = State.read(home.state());
        Env effective = env.withDefaults(state.map(State::settings).orElse(Map.of()));
        return new Running(home, effective, state, Ports.from(effective), new PartProcesses(home));
    }

    int replicas() {
        return state.map(State::replicas).orElse(1);
    }

    Account account() {
        return Account.load(home.account(), env);
    }

    /**
     * Kafka, PostgreSQL, S3, then every service's parts with {@code replicas}, and replicas beyond that which have a
     * launch file (left by an earlier {@code up} with more replicas).
     */
    List<Part> knownParts(int replicas) {
        List<Part> parts = new ArrayList<>(List.of(Part.KAFKA, Part.PG, Part.S3));
        for (Service s : Service.values()) {
            parts.addAll(s.parts(replicas));
            Pattern extra = Pattern.compile(Pattern.quote(s.module()) + "-([0-9]+)\\.launch");
            try (Stream<java.nio.file.Path> files = Files.list(home.dir().resolve("run"))) {
                files.map(f -> extra.matcher(f.getFileName().toString())).filter(Matcher::matches)
                        .map(m -> Integer.parseInt(m.group(1))).filter(k -> k > replicas).sorted()
                        .forEach(k -> parts.add(Part.of(s, k)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parts;
    }

    String url(Part part, String path) {
        return "http://" + ports.host() + ":" + ports.of(part) + path;
    }
}
