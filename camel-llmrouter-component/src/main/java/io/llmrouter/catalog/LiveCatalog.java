package io.llmrouter.catalog;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import io.llmrouter.api.Sha256;

/**
 * The catalog a router serves now, which a reload replaces as a whole: a request reads it once, when its candidates
 * are chosen, and keeps the deployments it got, so requests and streams in flight finish on the catalog they started
 * with. Each version is named by the SHA-256 of its text, so every node of a cluster can say which one it serves.
 */
public final class LiveCatalog {

    /** One catalog as served: its text's version and when this node took it. */
    public record Version(Catalog catalog, String version, Instant since) {
    }

    private volatile Version current;
    private final List<Consumer<Catalog>> listeners = new CopyOnWriteArrayList<>();

    public LiveCatalog(Catalog catalog, String text) {
        this.current = new Version(catalog, versionOf(text), Instant.now());
    }

    /** A catalog that is never reloaded (its version is its source's name). */
    public static LiveCatalog fixed(Catalog catalog) {
        return new LiveCatalog(catalog, catalog.source());
    }

    public Catalog get() {
        return current.catalog();
    }

    public Version current() {
        return current;
    }

    /** Serves {@code next} from now on, unless it is the version served already; tells the listeners. */
    public boolean replace(Catalog next, String text) {
        String version = versionOf(text);
        synchronized (this) {
            if (version.equals(current.version())) {
                return false;
            }
            current = new Version(next, version, Instant.now());
        }
        listeners.forEach(l -> l.accept(next));
        return true;
    }

    /** Hears every catalog that replaces the current one (metrics labels and gauges, redaction of new keys). */
    public void onReplace(Consumer<Catalog> listener) {
        listeners.add(listener);
    }

    /** The first 12 hex digits of the text's SHA-256: enough to tell versions apart, short enough to read. */
    public static String versionOf(String text) {
        return Sha256.hex(text, 6);
    }
}
