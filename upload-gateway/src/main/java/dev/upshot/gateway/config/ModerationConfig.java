package dev.upshot.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Set;

/** What the gateway accepts in the {@code moderation} upload parameter. */
@ConfigMapping(prefix = "upshot.moderation")
public interface ModerationConfig {

    /**
     * Automated kinds the moderation worker runs, by the names clients may send: our own providers and the
     * Cloudinary names the worker maps onto them as aliases. {@code manual} and {@code duplicate:<threshold>}
     * are always accepted. Keep equal to the worker's providers and aliases.
     */
    @WithDefault("upshot_nsfw,upshot_http,aws_rek,aws_rek_video,webpurify")
    Set<String> automatedKinds();

    /** Longest accepted chain. */
    @WithDefault("5")
    int maxChainLength();
}
