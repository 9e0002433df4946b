package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers' regions from a GeoIP database, over HTTP: the test's own connections come from 127.0.0.1, which the test
 * database places in Germany, and from 127.0.0.2, a trusted proxy whose X-Forwarded-For names the client.
 */
class GeoIpRoutingTest {

    private static final String GERMAN_CALLER = "127.0.0.1";
    private static final String PROXY = "127.0.0.2";

    static FakeOpenAiUpstream us;
    static FakeOpenAiUpstream euWest;
    static FakeOpenAiUpstream euCentral;
    static GatewayFixture gw;
    static Path db;

    static String catalog() {
        return """
                providers:
                  - { id: us, type: openai, base_url: %s, api_key_env: FAKE_KEY, regions: [us-east] }
                  - { id: eu1, type: openai, base_url: %s, api_key_env: FAKE_KEY, regions: [eu-west] }
                  - { id: eu2, type: openai, base_url: %s, api_key_env: FAKE_KEY, regions: [eu-central] }
                models:
                  - { id: gpt-us, provider: us, upstream: gpt }
                  - { id: gpt-eu-west, provider: eu1, upstream: gpt }
                  - { id: gpt-eu-central, provider: eu2, upstream: gpt }
                regions:
                  eu-central: { order: [eu-central, eu-west, us-east], countries: [DE] }
                  eu-west: { order: [eu-west, eu-central, us-east], continents: [EU] }
                  us-east: { order: [us-east, eu-west], countries: [US] }
                """.formatted(us.baseUrl(), euWest.baseUrl(), euCentral.baseUrl());
    }

    static MmdbWriter database() throws IOException {
        return new MmdbWriter()
                .country(GERMAN_CALLER + "/32", "DE", "EU")
                .country("81.2.69.0/24", "GB", "EU")
                .country("198.51.100.0/24", "US", "NA")
                .country("2001:db8::/32", "US", "NA");
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        us = FakeOpenAiUpstream.start();
        euWest = FakeOpenAiUpstream.start();
        euCentral = FakeOpenAiUpstream.start();
        db = dir.resolve("GeoLite2-Country.mmdb");
        database().write(db);
        // no region of its own: a caller the database does not place is ranked as usual
        gw = GatewayFixture.start(catalog(), Map.of(), null, GatewayOptions.DEFAULT_MAX_IN_FLIGHT,
                Map.of("LLMROUTER_GEOIP_DB", db.toString(), "LLMROUTER_TRUSTED_PROXIES", PROXY + "/32"));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        us.close();
        euWest.close();
        euCentral.close();
    }

    /** The model that answered a chat sent from {@code from}; {@code headers} as name, value pairs. */
    private static String modelFor(String from, String... headers) throws IOException {
        String body = GatewayFixture.body(false, "gpt-eu-west", "gpt-us", "gpt-eu-central");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), gw.gateway().port(),
                InetAddress.getByName(from), 0)) {
            s.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + bytes.length + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).as(response).startsWith("HTTP/1.1 200");
            for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
                if (line.toLowerCase().startsWith("x-llmrouter-model:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            throw new AssertionError("no x-llmrouter-model in " + response);
        }
    }

    @Test
    void aCallerFromAGermanAddressIsServedInItsEuRegion() throws Exception {
        assertThat(modelFor(GERMAN_CALLER)).isEqualTo("gpt-eu-central");
    }

    @Test
    void forwardedForIsIgnoredUnlessTheConnectionComesFromATrustedProxy() throws Exception {
        assertThat(modelFor(GERMAN_CALLER, "X-Forwarded-For", "198.51.100.7")).isEqualTo("gpt-eu-central");
        assertThat(modelFor(PROXY, "X-Forwarded-For", "198.51.100.7")).isEqualTo("gpt-us");
        assertThat(modelFor(PROXY, "X-Forwarded-For", "2001:db8::5")).isEqualTo("gpt-us");
        // a country no region names goes by its continent
        assertThat(modelFor(PROXY, "X-Forwarded-For", "81.2.69.10")).isEqualTo("gpt-eu-west");
        // the client may forge what it sends; the proxy's own entry, the right-most, is the one believed
        assertThat(modelFor(PROXY, "X-Forwarded-For", "81.2.69.10, 198.51.100.7")).isEqualTo("gpt-us");
    }

    @Test
    void anAddressTheDatabaseDoesNotPlaceIsRankedAsUsual() throws Exception {
        assertThat(modelFor(PROXY, "X-Forwarded-For", "192.0.2.1")).isEqualTo("gpt-eu-west");
        assertThat(modelFor(PROXY)).isEqualTo("gpt-eu-west");
        assertThat(modelFor(PROXY, "X-Forwarded-For", "not-an-address")).isEqualTo("gpt-eu-west");
    }

    @Test
    void theCallersRegionHeaderWinsOverTheDatabase() throws Exception {
        assertThat(modelFor(GERMAN_CALLER, "x-llmrouter-region", "us-east")).isEqualTo("gpt-us");
    }

    @Test
    void aChangedDatabaseIsReadAgainAndAnInvalidOneRefused() throws Exception {
        GeoIpRegions geo = gw.gateway().camelContext().getRegistry().findSingleByType(GeoIpRegions.class);
        Path next = db.resolveSibling("next.mmdb");
        try {
            Files.write(next, "not a database".getBytes(StandardCharsets.UTF_8));
            Files.move(next, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThatThrownBy(geo::reloadIfChanged).hasMessageContaining(db + " is not a MaxMind database");
            assertThat(modelFor(GERMAN_CALLER)).isEqualTo("gpt-eu-central");

            // the loopback caller moves to the United States (and the file grows by a network)
            new MmdbWriter().country(GERMAN_CALLER + "/32", "US", "NA").country("81.2.69.0/24", "GB", "EU")
                    .country("203.0.113.0/24", "AU", "OC").write(next);
            Files.move(next, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            geo.reloadIfChanged(); // or the periodic check got there first
            assertThat(modelFor(GERMAN_CALLER)).isEqualTo("gpt-us");
        } finally {
            database().write(next);
            Files.move(next, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            geo.reloadIfChanged();
        }
    }

    @Test
    void aMissingOrInvalidDatabaseFailsTheStartNamingTheSetting(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("catalog.yaml");
        Files.writeString(catalog, catalog());
        Path garbage = Files.writeString(dir.resolve("garbage.mmdb"), "garbage");
        assertThatThrownBy(() -> new Gateway(new GatewayOptions(0, catalog.toString(), null, 1024 * 1024,
                GatewayOptions.DEFAULT_MAX_IN_FLIGHT), Map.of("LLMROUTER_GEOIP_DB", dir.resolve("none.mmdb")
                .toString(), "FAKE_KEY", "k")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("llmrouter.geoip-db (LLMROUTER_GEOIP_DB): " + dir.resolve("none.mmdb")
                        + " cannot be read (NoSuchFileException)");
        assertThatThrownBy(() -> new Gateway(new GatewayOptions(0, catalog.toString(), null, 1024 * 1024,
                GatewayOptions.DEFAULT_MAX_IN_FLIGHT), Map.of("LLMROUTER_GEOIP_DB", garbage.toString(),
                "FAKE_KEY", "k")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("llmrouter.geoip-db (LLMROUTER_GEOIP_DB): " + garbage
                        + " is not a MaxMind database");
        assertThatThrownBy(() -> new Gateway(new GatewayOptions(0, catalog.toString(), null, 1024 * 1024,
                GatewayOptions.DEFAULT_MAX_IN_FLIGHT), Map.of("LLMROUTER_GEOIP_DB", db.toString(),
                "LLMROUTER_TRUSTED_PROXIES", "10.0.0.0/33", "FAKE_KEY", "k")::get))
                .hasMessage("llmrouter.trusted-proxies (LLMROUTER_TRUSTED_PROXIES): '10.0.0.0/33' is not an address "
                        + "or a CIDR range such as 10.0.0.0/8 or fd00::/8");
    }
}
