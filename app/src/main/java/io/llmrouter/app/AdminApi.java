package io.llmrouter.app;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.openai.OpenAiDialect;
import io.llmrouter.governance.Budget;
import io.llmrouter.governance.BudgetPeriod;
import io.llmrouter.governance.GovernanceStore;
import io.llmrouter.governance.Governance;
import io.llmrouter.governance.IssuedKey;
import io.llmrouter.governance.KeySpec;
import io.llmrouter.governance.Limits;
import io.llmrouter.governance.SpendLine;
import io.llmrouter.governance.Team;
import io.llmrouter.governance.VirtualKey;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API, behind the master key ({@link AuthGuard}): teams, virtual keys (a secret is shown once, when the key
 * is created or rotated; {@code PATCH /admin/keys/{id}} turns a key's audit logging on or off), and spend per key, team,
 * model or day. Store calls block, so they run on worker threads.
 */
final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final long ADMIN_BODY_LIMIT = 64 * 1024;

    private final Governance governance;

    AdminApi(Governance governance) {
        this.governance = governance;
    }

    /** Mounts the API's routes; returns them so they can be removed. */
    List<Route> mount(Router router) {
        List<Route> routes = new ArrayList<>();
        routes.add(router.route("/admin/*").order(-900).handler(BodyHandler.create(false)
                .setBodyLimit(ADMIN_BODY_LIMIT)));
        routes.add(router.route(HttpMethod.GET, "/admin/teams").order(-899).handler(ctx -> answer(ctx, 200,
                () -> list(governance.teams().stream().map(this::team).toList()))));
        routes.add(router.route(HttpMethod.POST, "/admin/teams").order(-899).handler(ctx -> answer(ctx, 201,
                () -> team(saveTeam(null, body(ctx))))));
        routes.add(router.route(HttpMethod.GET, "/admin/teams/:id").order(-899).handler(ctx -> answer(ctx, 200,
                () -> team(found(governance.team(ctx.pathParam("id")), "team", ctx.pathParam("id"))))));
        routes.add(router.route(HttpMethod.PUT, "/admin/teams/:id").order(-899).handler(ctx -> answer(ctx, 200,
                () -> team(saveTeam(ctx.pathParam("id"), body(ctx))))));
        routes.add(router.route(HttpMethod.GET, "/admin/keys").order(-899).handler(ctx -> answer(ctx, 200,
                () -> list(governance.keys().stream().map(this::key).toList()))));
        routes.add(router.route(HttpMethod.POST, "/admin/keys").order(-899).handler(ctx -> answer(ctx, 201,
                () -> issued(governance.createKey(keySpec(body(ctx)))))));
        routes.add(router.route(HttpMethod.GET, "/admin/keys/:id").order(-899).handler(ctx -> answer(ctx, 200,
                () -> key(found(governance.key(ctx.pathParam("id")), "key", ctx.pathParam("id"))))));
        routes.add(router.route(HttpMethod.PATCH, "/admin/keys/:id").order(-899).handler(ctx -> answer(ctx, 200,
                () -> key(patchKey(ctx.pathParam("id"), body(ctx))))));
        routes.add(router.route(HttpMethod.POST, "/admin/keys/:id/rotate").order(-899).handler(ctx -> answer(ctx,
                200, () -> issued(found(governance.rotate(ctx.pathParam("id")), "key", ctx.pathParam("id"))))));
        routes.add(router.route(HttpMethod.DELETE, "/admin/keys/:id").order(-899).handler(ctx -> answer(ctx, 200,
                () -> key(found(governance.revoke(ctx.pathParam("id")), "key", ctx.pathParam("id"))))));
        routes.add(router.route(HttpMethod.GET, "/admin/spend").order(-899).handler(ctx -> answer(ctx, 200,
                () -> spend(ctx))));
        return routes;
    }

    /** Runs {@code work} on a worker and answers with its JSON, or with the error it threw. */
    private void answer(RoutingContext ctx, int status, Callable<JsonNode> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.succeeded()) {
                ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Buffer.buffer(Json.bytes(ar.result())));
                return;
            }
            Throwable t = ar.cause();
            LlmException e;
            if (t instanceof LlmException le) {
                e = le;
            } else if (t instanceof IllegalArgumentException) {
                e = LlmException.invalid(null, t.getMessage());
            } else if (t instanceof IllegalStateException) {
                e = LlmException.of(ErrorKind.INVALID_REQUEST, 409, t.getMessage(), null, "conflict", null, null);
            } else {
                LOG.warn("admin call {} {} failed", ctx.request().method(), ctx.request().path(), t);
                e = LlmException.of(ErrorKind.INTERNAL, "The admin call failed; see the gateway's log.");
            }
            ResponseWriter.error(ctx.response(), e, OpenAiDialect.INSTANCE);
        });
    }

    private static JsonNode body(RoutingContext ctx) {
        if (ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new IllegalArgumentException("the request needs a JSON object body");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(ctx.body().buffer().getBytes());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("the request body must be a JSON object");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the request body is not valid JSON");
        }
    }

    private static <T> T found(Optional<T> value, String what, String id) {
        return value.orElseThrow(() -> LlmException.of(ErrorKind.MODEL_NOT_FOUND, 404, "No " + what + " '" + id
                + "'.", null, "not_found", null, null));
    }

    private Team saveTeam(String pathId, JsonNode body) {
        String id = pathId != null ? pathId : text(body, "id");
        if (pathId != null && body.hasNonNull("id") && !pathId.equals(body.get("id").asText())) {
            throw new IllegalArgumentException("the body's id differs from the path's");
        }
        if (pathId != null) {
            found(governance.team(pathId), "team", pathId);
        } else if (id != null && governance.team(id).isPresent()) {
            throw LlmException.of(ErrorKind.INVALID_REQUEST, 409, "Team '" + id + "' exists: PUT /admin/teams/" + id
                    + " to change it.", "id", "conflict", null, null);
        }
        return governance.saveTeam(new Team(id, text(body, "name"), limits(body), null));
    }

    private static KeySpec keySpec(JsonNode body) {
        Instant expires = null;
        if (body.hasNonNull("expires_at")) {
            try {
                expires = Instant.parse(body.get("expires_at").asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expires_at must be an ISO-8601 instant such as "
                        + "2027-01-31T00:00:00Z");
            }
        } else if (body.hasNonNull("expires_in_seconds")) {
            long s = wholeNumber(body, "expires_in_seconds");
            if (s <= 0) {
                throw new IllegalArgumentException("expires_in_seconds must be positive");
            }
            expires = Instant.now().plusSeconds(s);
        }
        Map<String, String> prefs = new LinkedHashMap<>();
        JsonNode p = body.get("preferences");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IllegalArgumentException("preferences must be an object of x-llmrouter-* names (without "
                        + "the prefix) to values");
            }
            p.fields().forEachRemaining(e -> prefs.put(e.getKey(), e.getValue().asText()));
        }
        return new KeySpec(text(body, "name"), text(body, "team"), strings(body, "models"), limits(body),
                text(body, "strategy"), prefs, strings(body, "tags"), expires, bool(body, "audit", false));
    }

    /** The fields of a key that may change in place: for now its audit logging. */
    private VirtualKey patchKey(String id, JsonNode body) {
        List<String> others = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("audit")) {
                others.add(f);
            }
        });
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("only audit can be changed on a key; " + String.join(", ", others)
                    + " cannot (make a new key instead)");
        }
        if (!body.has("audit")) {
            throw new IllegalArgumentException("give audit: true or false");
        }
        return found(governance.audit(id, bool(body, "audit", false)), "key", id);
    }

    private static boolean bool(JsonNode body, String field, boolean otherwise) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return n.asBoolean();
    }

    private static Limits limits(JsonNode body) {
        Budget budget = null;
        JsonNode b = body.get("budget");
        if (b != null && !b.isNull()) {
            if (!b.isObject() || !b.hasNonNull("usd") || !b.get("usd").isNumber()) {
                throw new IllegalArgumentException("budget must be an object with usd (a number), period (day, week "
                        + "or month, default month) and hard (default true)");
            }
            budget = new Budget(b.get("usd").asDouble(), b.hasNonNull("period")
                    ? BudgetPeriod.of(b.get("period").asText()) : BudgetPeriod.MONTH,
                    !b.hasNonNull("hard") || b.get("hard").asBoolean());
        }
        return new Limits((int) wholeNumber(body, "rpm"), (int) wholeNumber(body, "tpm"), budget);
    }

    private static long wholeNumber(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return n.asLong();
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return n.asText();
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private JsonNode spend(RoutingContext ctx) {
        String by = ctx.queryParams().get("by");
        GovernanceStore.GroupBy group;
        try {
            group = GovernanceStore.GroupBy.valueOf((by == null ? "key" : by).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("by must be key, team, model or day");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = day(ctx.queryParams().get("from"), today.minusDays(30), "from");
        LocalDate to = day(ctx.queryParams().get("to"), today, "to");
        List<SpendLine> lines = governance.report(group, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("by", group.name().toLowerCase(Locale.ROOT));
        out.put("from", from.toString());
        out.put("to", to.toString());
        ArrayNode data = out.putArray("data");
        double total = 0;
        for (SpendLine l : lines) {
            ObjectNode n = data.addObject();
            n.put(group.name().toLowerCase(Locale.ROOT), l.group());
            n.put("usd", l.usd());
            n.put("requests", l.requests());
            n.put("prompt_tokens", l.promptTokens());
            n.put("completion_tokens", l.completionTokens());
            total += l.usd();
        }
        out.put("total_usd", total);
        return out;
    }

    private static LocalDate day(String value, LocalDate otherwise, String name) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date as yyyy-MM-dd (UTC, inclusive)");
        }
    }

    private static JsonNode list(List<JsonNode> items) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putArray("data").addAll(items);
        return out;
    }

    private JsonNode team(Team t) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", t.id());
        n.put("name", t.name());
        limits(n, t.id(), true, t.limits());
        n.put("created_at", String.valueOf(t.createdAt()));
        return n;
    }

    private JsonNode issued(IssuedKey k) {
        ObjectNode n = (ObjectNode) key(k.key());
        n.put("key", k.secret()); // shown once: only its hash is kept
        return n;
    }

    private JsonNode key(VirtualKey k) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", k.id());
        n.put("name", k.name());
        n.put("hint", k.hint());
        n.put("team", k.team());
        n.set("models", Json.MAPPER.valueToTree(k.models()));
        limits(n, k.id(), false, k.limits());
        n.put("strategy", k.strategy());
        n.set("preferences", Json.MAPPER.valueToTree(k.preferences()));
        n.set("tags", Json.MAPPER.valueToTree(k.tags()));
        n.put("expires_at", k.expiresAt() == null ? null : k.expiresAt().toString());
        n.put("created_at", String.valueOf(k.createdAt()));
        n.put("revoked_at", k.revokedAt() == null ? null : k.revokedAt().toString());
        n.put("audit", k.audit());
        return n;
    }

    private void limits(ObjectNode n, String id, boolean team, Limits l) {
        n.put("rpm", l.rpm());
        n.put("tpm", l.tpm());
        if (l.budget() == null) {
            n.putNull("budget");
            return;
        }
        ObjectNode b = n.putObject("budget");
        b.put("usd", l.budget().usd());
        b.put("period", l.budget().period().wireName());
        b.put("hard", l.budget().hard());
        governance.budgetStatus(id, team, l).ifPresent(s -> {
            b.put("spent_usd", s.spentUsd());
            b.put("held_usd", s.heldUsd());
            b.put("remaining_usd", s.remainingUsd());
            b.put("resets_at", s.resetsAt().toString());
        });
    }
}
