package io.llmrouter.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.llmrouter.api.Json;
import io.llmrouter.api.LlmException;
import io.llmrouter.dialect.responses.InputItemsPage;
import io.llmrouter.dialect.responses.ResponsesDialect;
import io.llmrouter.governance.Caller;
import io.llmrouter.responses.ResponseStore;
import io.llmrouter.responses.StoredResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET} and {@code DELETE /v1/responses/{id}}, {@code GET /v1/responses/{id}/input_items} and {@code POST
 * /v1/responses/{id}/cancel}: a stored response, seen only by the key that made it (another key's id is a 404, as an
 * unknown one). Served here, off the routes: nothing is routed to a model. Cancelling is refused as OpenAI refuses it
 * for a response that was not made in the background, which every response here is.
 */
final class StoredResponsesApi {

    static final String PATH = "/v1/responses/:id";

    private final ResponseStore store;

    StoredResponsesApi(ResponseStore store) {
        this.store = store;
    }

    List<Route> mount(Router router) {
        return List.of(
                router.route(HttpMethod.GET, PATH).order(-1000).handler(ctx -> answer(ctx, store.get(id(ctx)),
                        stored -> Json.bytes(stored.response()))),
                router.route(HttpMethod.DELETE, PATH).order(-1000).handler(ctx -> answer(ctx,
                        // read first: deleting another key's response must not be possible either
                        store.get(id(ctx)).thenCompose(stored -> stored == null || !mine(ctx, stored)
                                ? CompletableFuture.completedFuture(null)
                                : store.delete(id(ctx)).thenApply(deleted -> deleted ? stored : null)),
                        stored -> Json.bytes(Json.MAPPER.createObjectNode().put("id", id(ctx))
                                .put("object", "response.deleted").put("deleted", true)))),
                router.route(HttpMethod.GET, PATH + "/input_items").order(-1000).handler(ctx -> answer(ctx,
                        store.get(id(ctx)), stored -> Json.bytes(InputItemsPage.of(stored.conversation(),
                                ctx.request().getParam("limit"), ctx.request().getParam("order"),
                                ctx.request().getParam("after"))))),
                router.route(HttpMethod.POST, PATH + "/cancel").order(-1000).handler(ctx -> answer(ctx,
                        store.get(id(ctx)), stored -> {
                            throw LlmException.invalid(null, "Cannot cancel a synchronous response.");
                        })));
    }

    private static String id(RoutingContext ctx) {
        return ctx.pathParam("id");
    }

    private static boolean mine(RoutingContext ctx, StoredResponse stored) {
        Caller caller = ctx.get(AuthGuard.CALLER);
        return stored.owner().equals(ResponseStore.owner(caller == null ? null : caller.keyId()));
    }

    private static void answer(RoutingContext ctx, CompletableFuture<StoredResponse> lookup,
                               Function<StoredResponse, byte[]> body) {
        Future.fromCompletionStage(lookup, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                ResponseWriter.error(ctx.response(), ResponseWriter.asLlmException(ar.cause()),
                        ResponsesDialect.INSTANCE);
            } else if (ar.result() == null || !mine(ctx, ar.result())) {
                LlmException missing = ResponseStore.notFound(id(ctx), null);
                ResponseWriter.error(ctx.response(), missing, ResponsesDialect.INSTANCE);
            } else {
                byte[] bytes;
                try {
                    bytes = body.apply(ar.result());
                } catch (LlmException refused) {
                    ResponseWriter.error(ctx.response(), refused, ResponsesDialect.INSTANCE);
                    return;
                }
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(bytes));
            }
        });
    }
}
