package io.llmrouter.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CountryResponse;
import io.llmrouter.catalog.Regions;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller's region from its address: looked up in a MaxMind country or city database
 * ({@code llmrouter.geoip-db}, {@code LLMROUTER_GEOIP_DB}) and mapped by the catalog's {@code regions:} countries and
 * continents. The address is the connection's, or the client's in {@code X-Forwarded-For} when the connection comes
 * from a trusted proxy ({@code llmrouter.trusted-proxies}). The database is held in memory, so a lookup on the event
 * loop takes microseconds; a changed file is read again and, if it is not a valid database, refused while the old one
 * stays.
 */
final class GeoIpRegions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GeoIpRegions.class);
    static final String DB_SETTING = "llmrouter.geoip-db";
    static final String PROXIES_SETTING = "llmrouter.trusted-proxies";

    private final Path file;
    private final List<Cidr> trustedProxies;
    private final Supplier<Regions> regions;
    private final AtomicReference<Loaded> db = new AtomicReference<>();

    /** The database open now and the file's stamp when it was read. */
    private record Loaded(DatabaseReader reader, FileTime modified, long size) {
    }

    /**
     * Opens the database now.
     *
     * @param trustedProxies comma-separated addresses or CIDR ranges; null or blank: none, X-Forwarded-For is ignored
     * @param regions        the served catalog's regions, read per lookup (a reloaded catalog's mapping applies at once)
     * @throws IllegalArgumentException naming the setting and what is wrong with the file or a proxy range
     */
    GeoIpRegions(Path file, String trustedProxies, Supplier<Regions> regions) {
        this.file = file;
        this.trustedProxies = Cidr.list(trustedProxies);
        this.regions = regions;
        try {
            db.set(open(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(DB_SETTING + " (LLMROUTER_GEOIP_DB): " + e.getMessage());
        }
    }

    private static Loaded open(Path file) throws IOException {
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new IOException(file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(file.toFile()).fileMode(Reader.FileMode.MEMORY).build();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a MaxMind database: " + e.getMessage(), e);
        }
        String type = reader.getMetadata().getDatabaseType();
        if (!type.contains("Country") && !type.contains("City")) {
            reader.close();
            throw new IOException(file + " is a " + type + " database; a country or city database (e.g. "
                    + "GeoLite2-Country.mmdb) tells where a caller is");
        }
        return new Loaded(reader, modified, size);
    }

    /**
     * Reads the file again if it changed since it was read (by time and size); an invalid file is refused and the old
     * database stays. Blocking: call it off the event loop.
     *
     * @return whether a new database is served
     * @throws IOException saying what is wrong with the changed file
     */
    synchronized boolean reloadIfChanged() throws IOException {
        Loaded old = db.get();
        try {
            if (Files.getLastModifiedTime(file).equals(old.modified()) && Files.size(file) == old.size()) {
                return false;
            }
        } catch (IOException e) {
            throw new IOException(file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        Loaded fresh = open(file);
        // the old reader is not closed: a lookup on an event loop may still hold it, and closing it would fail that
        // lookup; in memory, it holds no file and is collected with its last user
        db.set(fresh);
        LOG.info("GeoIP database {} reloaded ({}, built {})", file, fresh.reader().getMetadata().getDatabaseType(),
                fresh.reader().getMetadata().getBuildDate());
        return true;
    }

    /** {@link #reloadIfChanged()} for a periodic check: a refused file is an ERROR line, never an exception. */
    void poll() {
        try {
            reloadIfChanged();
        } catch (IOException e) {
            LOG.error("GeoIP database not reloaded, the served one stays: {}", e.getMessage());
        }
    }

    /** The region serving this request's caller, or null when its address is not located or its place not mapped. */
    String region(HttpServerRequest request) {
        InetAddress caller = callerAddress(request.remoteAddress(), request.headers().getAll("x-forwarded-for"));
        if (caller == null) {
            return null;
        }
        try {
            Optional<CountryResponse> found = db.get().reader().tryCountry(caller);
            if (found.isEmpty()) {
                return null;
            }
            return regions.get().of(found.get().getCountry().getIsoCode(), found.get().getContinent().getCode());
        } catch (IOException | GeoIp2Exception e) {
            LOG.debug("GeoIP lookup failed: {}", e.getMessage());
            return null;
        }
    }

    /**
     * The client's address: the connection's, unless that is a trusted proxy; then the right-most address of
     * {@code X-Forwarded-For} that is not itself a trusted proxy (each proxy appends the address it was called from,
     * so entries left of the last untrusted one may be forged by the client). Null when that entry is not an address.
     */
    InetAddress callerAddress(SocketAddress remote, List<String> forwardedFor) {
        InetAddress peer = remote == null ? null : literal(remote.hostAddress());
        if (peer == null || forwardedFor.isEmpty() || !trusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(h -> {
            for (String part : h.split(",")) {
                hops.add(part.trim());
            }
        });
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            client = literal(hops.get(i));
            if (client == null || !trusted(client)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(InetAddress a) {
        for (Cidr c : trustedProxies) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** An address literal as an InetAddress without a DNS lookup; null when it is not one. */
    static InetAddress literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(t);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // only for a byte array of the wrong length, which the parser does not make
        }
    }

    @Override
    public void close() throws IOException {
        db.get().reader().close();
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}; a single address is its own range. */
    record Cidr(byte[] network, int bits) {

        static List<Cidr> list(String text) {
            List<Cidr> out = new ArrayList<>();
            if (text == null || text.isBlank()) {
                return out;
            }
            for (String item : text.split(",")) {
                String s = item.trim();
                int slash = s.indexOf('/');
                InetAddress a = literal(slash < 0 ? s : s.substring(0, slash));
                int max = a == null ? 0 : a.getAddress().length * 8;
                int bits = -1;
                try {
                    bits = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    // refused below
                }
                if (a == null || bits < 0 || bits > max) {
                    throw new IllegalArgumentException(PROXIES_SETTING + " (LLMROUTER_TRUSTED_PROXIES): '" + s
                            + "' is not an address or a CIDR range such as 10.0.0.0/8 or fd00::/8");
                }
                out.add(new Cidr(a.getAddress(), bits));
            }
            return out;
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((b[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }
}
