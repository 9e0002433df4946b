package io.llmrouter.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.CatalogException;
import io.llmrouter.catalog.CatalogLoader;
import io.llmrouter.catalog.LiveCatalog;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the served catalog while the gateway runs, without dropping a request or a stream in flight (each keeps
 * the deployments it was given): when the catalog file changes (polled, so that Kubernetes' swap of a mounted
 * ConfigMap is seen too), or through the admin API. An invalid catalog is refused with the loader's precise message
 * and the old one stays. In a cluster the applied text goes into a map that every node listens to and applies, and
 * each node says in a replicated map which version it serves.
 */
final class CatalogReload {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogReload.class);
    static final String CONFIG_MAP = "llmrouter.config";
    static final String SERVED_MAP = "llmrouter.config.served";
    private static final String CATALOG = "catalog";

    private final LiveCatalog live;
    private final CatalogLoader loader;
    /** The catalog file, or null when the gateway serves the built-in catalog (then only the admin API replaces it). */
    private final Path file;
    private final long pollMillis;
    private final String initialText;
    private final Vertx vertx;
    /** Null on a single node. */
    private final HazelcastInstance hazelcast;
    /** The version of the file as last read: the poll applies a file that changed since, once. */
    private String fileVersion;
    private IMap<String, String> shared;
    private ReplicatedMap<String, String> served;
    private String member = "local";
    private UUID listener;
    private long timer = -1;
    private boolean started;

    /** @param text the served catalog's text, as read at start */
    CatalogReload(LiveCatalog live, String text, CatalogLoader loader, Path file, long pollMillis, Vertx vertx,
                  HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.hazelcast = hazelcast;
        this.live = live;
        this.initialText = text;
        this.loader = loader;
        this.file = file;
        this.pollMillis = pollMillis;
        this.fileVersion = LiveCatalog.versionOf(text);
    }

    /**
     * Starts polling the file, and in a cluster joins the shared version: a running cluster's wins over the file.
     * Once only: later calls do nothing.
     */
    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (hazelcast != null) {
            member = hazelcast.getLocalEndpoint().getUuid().toString();
            // an IMap, not a replicated map: one owner per key, so a joiner's putIfAbsent sees the running version
            shared = hazelcast.getMap(CONFIG_MAP);
            served = hazelcast.getReplicatedMap(SERVED_MAP);
            listener = shared.addEntryListener(new EntryAdapter<String, String>() {
                @Override
                public void onEntryEvent(EntryEvent<String, String> e) {
                    if (e.getValue() != null) {
                        applyShared(e.getValue());
                    }
                }
            }, CATALOG, true);
            String running = shared.putIfAbsent(CATALOG, initialText);
            if (running != null) {
                applyShared(running);
            }
            served.put(member, live.current().version());
        }
        if (file != null && pollMillis > 0) {
            timer = vertx.setPeriodic(pollMillis, id -> vertx.executeBlocking(() -> {
                pollFile();
                return null;
            }, false));
        }
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (shared != null) {
            try {
                shared.removeEntryListener(listener);
                served.remove(member);
            } catch (RuntimeException e) {
                LOG.debug("cluster gone while stopping the catalog reload: {}", e.toString());
            }
        }
    }

    /** Mounts the admin routes and starts ({@link #start}). */
    List<Route> mount(Router router) {
        start();
        List<Route> routes = new ArrayList<>();
        routes.add(router.route(HttpMethod.GET, "/admin/config").order(-899)
                .handler(ctx -> answer(ctx, this::report)));
        routes.add(router.route(HttpMethod.POST, "/admin/config/reload").order(-899)
                .handler(ctx -> answer(ctx, () -> {
                    if (file == null) {
                        throw new IllegalArgumentException("The gateway serves its built-in catalog: start it with "
                                + "--config FILE (LLMROUTER_CONFIG) to reload one, or PUT /admin/config a catalog.");
                    }
                    boolean changed = apply(read(), "file " + file);
                    return report().put("changed", changed);
                })));
        routes.add(router.route(HttpMethod.PUT, "/admin/config").order(-899)
                .handler(ctx -> answer(ctx, () -> {
                    String text = ctx.body().asString(StandardCharsets.UTF_8.name());
                    boolean changed = apply(text == null ? "" : text, "the admin API");
                    return report().put("changed", changed);
                })));
        return routes;
    }

    /** A changed file is applied; an invalid one is logged and left (the old catalog stays). */
    private void pollFile() {
        try {
            String text = read();
            String version = LiveCatalog.versionOf(text);
            if (!version.equals(fileVersion)) {
                fileVersion = version;
                apply(text, "file " + file);
            }
        } catch (IllegalArgumentException e) {
            LOG.error("catalog file changed but not applied, the served one stays: {}", e.getMessage());
        }
    }

    /**
     * Parses and serves {@code text}, then shares it with the cluster.
     *
     * @return false when that version was served already
     * @throws IllegalArgumentException with the loader's message when the catalog is invalid
     */
    synchronized boolean apply(String text, String origin) {
        Catalog next = parse(text, origin);
        boolean changed = live.replace(next, text);
        if (changed) {
            LOG.warn("catalog version {} from {} now served ({} deployments)", live.current().version(), origin,
                    next.deployments().size());
        }
        if (shared != null) {
            shared.put(CATALOG, text);
            served.put(member, live.current().version());
        }
        return changed;
    }

    /** Another node's catalog: applied here too (it was checked there, but is checked again). */
    private void applyShared(String text) {
        if (LiveCatalog.versionOf(text).equals(live.current().version())) {
            return;
        }
        try {
            if (live.replace(parse(text, "the cluster"), text)) {
                LOG.warn("catalog version {} from the cluster now served", live.current().version());
            }
            served.put(member, live.current().version());
        } catch (IllegalArgumentException e) {
            LOG.error("catalog from the cluster not applied, the served one stays: {}", e.getMessage());
        }
    }

    private Catalog parse(String text, String origin) {
        try {
            return loader.parse(origin, text.getBytes(StandardCharsets.UTF_8));
        } catch (CatalogException e) {
            throw new IllegalArgumentException("Catalog not applied, the served one stays: " + e.getMessage());
        }
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    private ObjectNode report() {
        LiveCatalog.Version v = live.current();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("version", v.version());
        out.put("since", v.since().toString());
        out.put("source", v.catalog().source());
        out.put("deployments", v.catalog().deployments().size());
        Map<String, String> members = new LinkedHashMap<>();
        if (served != null) {
            served.forEach(members::put);
        } else {
            members.put(member, v.version());
        }
        out.set("members", Json.MAPPER.valueToTree(members));
        return out;
    }

    private static void answer(RoutingContext ctx, Callable<ObjectNode> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.succeeded()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Buffer.buffer(Json.bytes(ar.result())));
                return;
            }
            LlmException e = ar.cause() instanceof IllegalArgumentException
                    ? LlmException.invalid(null, ar.cause().getMessage())
                    : LlmException.of(ErrorKind.INTERNAL, "The catalog could not be applied; see the gateway's log.");
            if (!(ar.cause() instanceof IllegalArgumentException)) {
                LOG.warn("catalog reload failed", ar.cause());
            }
            ResponseWriter.error(ctx.response(), e, OpenAiDialect.INSTANCE);
        });
    }
}
