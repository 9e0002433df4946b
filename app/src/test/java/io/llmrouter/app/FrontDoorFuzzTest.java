package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the front door over real HTTP, against a healthy fake upstream: mutated bodies for every endpoint
 * (type confusion on each known field, huge numbers, deep nesting, unicode, nulls, truncation, trailing garbage), odd
 * content types, methods, paths and headers. No answer may be a 5xx (the upstream never fails, so any 5xx is the
 * gateway's bug), none may take longer than a generous "does not hang" bound, and a normal request still succeeds
 * afterwards. Bounded: a few thousand requests in seconds.
 */
class FrontDoorFuzzTest extends GatewayTestSupport {

    private static final long SEED = 0x11_2026L;
    private static final int REQUESTS = 2500;
    /** A "does not hang" bound, not a performance assertion. */
    private static final Duration HANG = Duration.ofSeconds(5);

    /**
     * 5xx answers that are known bugs outside the front door, tolerated here until their fixes land; each names its
     * owner. Empty means every 5xx fails the test.
     */
    private static final List<Predicate<Case>> KNOWN_5XX_ELSEWHERE = List.of();

    private static final String[] PATHS = { "/v1/chat/completions", "/v1/embeddings", "/v1/route", "/v1/messages",
            "/v1/messages/count_tokens" };
    private static final String[] ODD_PATHS = { "/v1/chat/completions/", "//v1/chat/completions", "/v1/%2e%2e/models",
            "/v1/chat/completions?x=%25ZZ&y", "/v1/" + "a".repeat(3000), "/v1/chat/completions;x=1", "/v1/%00chat", "/v1/models",
            "/health", "/ready", "/v1/nothing" };
    private static final String[] METHODS = { "GET", "PUT", "DELETE", "PATCH", "OPTIONS" };
    private static final String[] CONTENT_TYPES = { "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/jsonx", ";;;", "*/*",
            "application/json; charset=", "APPLICATION/JSON" };
    private static final String[] MODELS = { "model-a", "model-b", "bee", "model-c", "model-other", "embed-a",
            "claude-a", "fake/up-x", "no-such-model", "", "fake/", "fake/../../x", "fake/x?y=1#z", "m\u00e9" };

    /** Values that confuse every field's type. */
    private static final String[] VALUES = { "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "1e-400",
            "123456789012345678901234567890", "NaN", "\"\"", "\"x\"", "\"\\u0000\\ud800\"", "\"\uD83D\uDE00\"", "[]",
            "{}", "[null]", "[1,2,3]", "{\"a\":1}", "[\"x\"]", "[{}]", "\"" + "y".repeat(5000) + "\"" };

    record Case(String method, String path, String contentType, String body, List<String> headers) {
    }

    @Test
    void randomRequestsNeverGetA5xxNorHangAndTheGatewayStillAnswersAfterwards() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < REQUESTS && problems.size() < 10; i++) {
            Case c = nextCase(random);
            HttpResponse<String> r;
            try {
                r = client.send(request(c), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                problems.add("#" + i + " no answer within " + HANG + ": " + describe(c));
                continue;
            } catch (java.io.IOException e) {
                // a connection the gateway closed after a malformed request is an answer too
                continue;
            }
            if (r.statusCode() >= 500 && KNOWN_5XX_ELSEWHERE.stream().noneMatch(p -> p.test(c))) {
                problems.add("#" + i + " " + r.statusCode() + " " + abbreviate(r.body()) + " for " + describe(c));
            }
        }

        assertThat(problems).as("seed %s", SEED).isEmpty();
        HttpResponse<String> normal = post("/v1/chat/completions", chat("model-a", null));
        assertThat(normal.statusCode()).as(normal.body()).isEqualTo(200);
    }

    @Test
    void deeplyNestedJsonIsA400NotAStackOverflow() throws Exception {
        for (String path : PATHS) {
            String deep = "{\"model\":\"model-a\",\"messages\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";

            HttpResponse<String> r = post(path, deep);

            assertThat(r.statusCode()).as("%s: %s", path, abbreviate(r.body())).isEqualTo(400);
        }
    }

    private static HttpRequest request(Case c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("")).resolve(c.path())).timeout(HANG)
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.contentType() != null) {
            b.header("content-type", c.contentType());
        }
        for (int i = 0; i < c.headers().size(); i += 2) {
            b.header(c.headers().get(i), c.headers().get(i + 1));
        }
        return b.build();
    }

    private static Case nextCase(Random random) {
        String path = PATHS[random.nextInt(PATHS.length)];
        String method = "POST";
        int roll = random.nextInt(100);
        if (roll < 4) {
            path = ODD_PATHS[random.nextInt(ODD_PATHS.length)];
        } else if (roll < 8) {
            method = METHODS[random.nextInt(METHODS.length)];
        }
        String contentType = random.nextInt(10) == 0 ? CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]
                : random.nextInt(20) == 0 ? null : "application/json";
        List<String> headers = new ArrayList<>();
        if (random.nextInt(10) == 0) {
            headers.addAll(List.of(oddHeader(random)));
        }
        String body = method.equals("GET") || method.equals("OPTIONS") ? null : mutate(random, base(path, random));
        return new Case(method, path, contentType, body, headers);
    }

    private static String[] oddHeader(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> new String[] { "x-llmrouter-strategy", "bogus" };
            case 1 -> new String[] { "authorization", "Bearer " + "k".repeat(4000) };
            case 2 -> new String[] { "anthropic-version", "\u00e9t\u00e9" };
            case 3 -> new String[] { "accept", "text/event-stream" };
            case 4 -> new String[] { "x-llmrouter-models", "model-a,,no-such,\u00ff" };
            default -> new String[] { "x-request-id", "\t" + "z".repeat(100) };
        };
    }

    /** A valid body for the path, with each known field present, as ordered (name, JSON value) pairs. */
    private static List<String[]> base(String path, Random random) {
        String model = MODELS[random.nextInt(MODELS.length)];
        List<String[]> f = new ArrayList<>();
        switch (path) {
            case "/v1/embeddings" -> {
                f.add(new String[] { "model", "\"" + model + "\"" });
                f.add(new String[] { "input", "[\"a\",\"b\"]" });
                f.add(new String[] { "dimensions", "8" });
                f.add(new String[] { "encoding_format", "\"float\"" });
                f.add(new String[] { "user", "\"u\"" });
            }
            case "/v1/messages", "/v1/messages/count_tokens" -> {
                f.add(new String[] { "model", "\"" + model + "\"" });
                f.add(new String[] { "max_tokens", "16" });
                f.add(new String[] { "system", "\"Be brief.\"" });
                f.add(new String[] { "messages", "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]" });
                f.add(new String[] { "temperature", "0.5" });
                f.add(new String[] { "stop_sequences", "[\"x\"]" });
                f.add(new String[] { "stream", random.nextInt(4) == 0 ? "true" : "false" });
                f.add(new String[] { "tools", "[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"}}]" });
                f.add(new String[] { "tool_choice", "{\"type\":\"auto\"}" });
                f.add(new String[] { "metadata", "{\"user_id\":\"u\"}" });
            }
            default -> {
                f.add(new String[] { "model", "\"" + model + "\"" });
                f.add(new String[] { "models", "[\"model-a\",\"model-b\"]" });
                f.add(new String[] { "messages", "[{\"role\":\"user\",\"content\":\"Hello\"}]" });
                f.add(new String[] { "temperature", "0.7" });
                f.add(new String[] { "top_p", "1" });
                f.add(new String[] { "max_tokens", "16" });
                f.add(new String[] { "max_completion_tokens", "16" });
                f.add(new String[] { "n", "1" });
                f.add(new String[] { "stream", random.nextInt(4) == 0 ? "true" : "false" });
                f.add(new String[] { "stream_options", "{\"include_usage\":true}" });
                f.add(new String[] { "stop", "[\"\\n\"]" });
                f.add(new String[] { "seed", "7" });
                f.add(new String[] { "user", "\"u\"" });
                f.add(new String[] { "response_format", "{\"type\":\"json_object\"}" });
                f.add(new String[] { "tools", "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]" });
                f.add(new String[] { "tool_choice", "\"auto\"" });
                f.add(new String[] { "fallbacks", "[\"model-b\"]" });
                f.add(new String[] { "strategy", "\"cost\"" });
                f.add(new String[] { "weights", "{\"cost\":1,\"latency\":1}" });
                f.add(new String[] { "metadata", "{\"k\":\"v\"}" });
            }
        }
        return f;
    }

    private static String mutate(Random random, List<String[]> fields) {
        int kind = random.nextInt(10);
        List<String[]> f = new ArrayList<>(fields);
        if (kind <= 4) { // type confusion on one or more fields, or inside a message
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                String[] field = f.get(random.nextInt(f.size()));
                String value = random.nextInt(4) == 0 ? nested(random) : VALUES[random.nextInt(VALUES.length)];
                if (field[0].equals("messages") && random.nextBoolean()) {
                    value = "[{\"role\":" + VALUES[random.nextInt(VALUES.length)] + ",\"content\":"
                            + VALUES[random.nextInt(VALUES.length)] + "}]";
                }
                f.set(f.indexOf(field), new String[] { field[0], value });
            }
        } else if (kind == 5 && !f.isEmpty()) { // a field left out
            f.remove(random.nextInt(f.size()));
        }
        String json = object(f);
        return switch (kind) {
            case 6 -> json.substring(0, random.nextInt(json.length())); // truncated
            case 7 -> json + List.of("x", "}", "{}", " []", "\u0000", "\n{\"model\":1}").get(random.nextInt(6));
            case 8 -> garbage(random);
            default -> json;
        };
    }

    private static String object(List<String[]> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (String[] field : fields) {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(field[0]).append("\":").append(field[1]);
        }
        return sb.append('}').toString();
    }

    private static String nested(Random random) {
        int depth = List.of(10, 900, 1100, 5000).get(random.nextInt(4));
        return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String garbage(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(200);
        for (int i = 0; i < n; i++) {
            sb.append((char) random.nextInt(random.nextBoolean() ? 128 : 0xD000));
        }
        return sb.toString();
    }

    private static String describe(Case c) {
        return c.method() + " " + abbreviate(c.path()) + " [" + c.contentType() + "] " + c.headers() + " "
               + abbreviate(c.body());
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? String.valueOf(s) : s.substring(0, 300) + "...(" + s.length() + ")";
    }
}
