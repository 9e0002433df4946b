package io.llmrouter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Virtual keys as the official OpenAI and Anthropic Node SDKs see them over real HTTP: each refusal (denied model,
 * revoked, expired or rotated-away key, rpm, hard budget) must be the SDK's own error class, not just our status.
 */
class SdkVirtualKeysTest {

    static final String MASTER = "master-key-for-sdk-tests-0123456789";
    static final String MODEL = "sim-mini";
    static final String DENIED_MODEL = "sim-large";
    static final int RPM = 2;
    /**
     * A call of the scripts (max_tokens 16, a 12-token answer at $50/M output) reserves about $0.00083 and costs about
     * $0.00061: this budget answers two or three, then refuses.
     */
    static final double HARD_BUDGET_USD = 0.002;
    /** Below what one call reserves, so every call goes beyond it. */
    static final double SOFT_BUDGET_USD = 0.0001;

    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        // sim models as in the default catalog, but answering within milliseconds; output priced high so a call's
        // cost is mostly its (fixed) answer and the hard budget refuses after a predictable few
        gw = GatewayFixture.start("""
                providers:
                  - { id: sim, type: sim }
                models:
                  - id: sim-mini
                    provider: sim
                    price: { input: 1.0, output: 50.0 }
                    max_output_tokens: 16
                    capabilities: [chat, tools, json_mode, streaming]
                    sim: { ttft_ms: 5, jitter: 0, tokens_per_second: 2000, answer_tokens: 12 }
                  - id: sim-large
                    provider: sim
                    price: { input: 1.0, output: 50.0 }
                    capabilities: [chat, tools, json_mode, streaming]
                    sim: { ttft_ms: 5, jitter: 0, tokens_per_second: 2000, answer_tokens: 12 }
                """, Map.of("llmrouter.master-key", MASTER), null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void officialOpenAiSdkRaisesItsOwnErrorForEachRefusedKey() throws Exception {
        Keys keys = newKeys("openai");
        run("openai-sdk-keys.mjs", "openai", gw.url("/v1"), keys);
        assertHardBudgetHeld(keys.hardBudgetId());
    }

    @Test
    void officialAnthropicSdkRaisesItsOwnErrorForEachRefusedKey() throws Exception {
        Keys keys = newKeys("anthropic");
        run("anthropic-sdk-keys.mjs", "@anthropic-ai/sdk", gw.url(""), keys);
        assertHardBudgetHeld(keys.hardBudgetId());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** The keys file the scripts read, and the hard-budget key's id to look at after the run. */
    record Keys(ObjectNode file, String hardBudgetId) {
    }

    /** A fresh key for each case (rpm windows and budgets are per key), made through the admin API. */
    static Keys newKeys(String run) throws Exception {
        ObjectNode file = Json.MAPPER.createObjectNode().put("model", MODEL).put("deniedModel", DENIED_MODEL)
                .put("rpm", RPM);
        file.put("allowed", secret(newKey(run + "-allowed", "\"models\":[\"" + MODEL + "\"]")));

        JsonNode revoked = newKey(run + "-revoked", null);
        adminOk("DELETE", "/admin/keys/" + revoked.path("id").asText(), null);
        file.put("revoked", secret(revoked));

        file.put("expired", secret(newKey(run + "-expired", "\"expires_at\":\"" + Instant.now().minusSeconds(60)
                + "\"")));
        file.put("rpmLimited", secret(newKey(run + "-rpm", "\"rpm\":" + RPM)));

        JsonNode hard = newKey(run + "-hard-budget", "\"budget\":{\"usd\":" + HARD_BUDGET_USD
                + ",\"period\":\"day\",\"hard\":true}");
        file.put("hardBudget", secret(hard));
        file.put("softBudget", secret(newKey(run + "-soft-budget", "\"budget\":{\"usd\":" + SOFT_BUDGET_USD
                + ",\"period\":\"month\",\"hard\":false}")));

        JsonNode rotated = newKey(run + "-rotated", null);
        JsonNode fresh = adminOk("POST", "/admin/keys/" + rotated.path("id").asText() + "/rotate", null);
        file.put("rotatedOld", secret(rotated));
        file.put("rotatedNew", secret(fresh));
        return new Keys(file, hard.path("id").asText());
    }

    /** A new key named {@code name} with these fields (a JSON object's members, without braces, or null). */
    static JsonNode newKey(String name, String fields) throws Exception {
        return adminOk("POST", "/admin/keys", "{\"name\":\"" + name + "\"" + (fields == null ? "" : "," + fields)
                + "}");
    }

    static String secret(JsonNode issued) {
        String secret = issued.path("key").asText();
        assertThat(secret).as("the secret in %s", issued).startsWith("sk-llmr-");
        return secret;
    }

    static JsonNode adminOk(String method, String path, String json) throws Exception {
        HttpResponse<String> r = gw.admin(method, path, json, MASTER);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    /** Writes the keys file and runs the script on it against {@code baseUrl}; fails with the script's output. */
    static void run(String script, String npmPackage, String baseUrl, Keys keys) throws Exception {
        Path file = Files.createTempFile("sdk-keys", ".json");
        try {
            Files.write(file, Json.bytes(keys.file()));
            ConformanceScript.run(script, npmPackage, List.of(baseUrl, file.toString()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Refused calls and finished answers leave nothing held, and the spend stays within the hard budget. */
    static void assertHardBudgetHeld(String id) throws Exception {
        JsonNode budget = adminOk("GET", "/admin/keys/" + id, null).path("budget");
        assertThat(budget.path("spent_usd").asDouble()).as("spent by the hard-budget key").isPositive()
                .isLessThanOrEqualTo(HARD_BUDGET_USD);
        assertThat(budget.path("held_usd").asDouble()).as("held by the hard-budget key").isCloseTo(0, within(1e-12));
    }
}
