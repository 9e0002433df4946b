package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.Set;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.governance.Tab;

/** Which deployments a request may go to, from the names the endpoint and the caller give. */
final class Candidates {

    private final Supplier<Catalog> catalog;

    /** @param catalog the catalog served now: read once per request, so a reload applies from the next request on */
    Candidates(Supplier<Catalog> catalog) {
        this.catalog = catalog;
    }

    /** The catalog served now. */
    Catalog catalog() {
        return catalog.get();
    }

    /**
     * The endpoint's fixed model, else the models the body names, else the endpoint's candidates, else every
     * deployment of the right kind. A name the catalog does not know is the caller's error (404).
     */
    List<Deployment> of(List<String> bodyModels, RouteOptions options, boolean embeddings) {
        Catalog catalog = this.catalog.get();
        List<String> names;
        if (options.model() != null) {
            names = List.of(options.model());
        } else if (!bodyModels.isEmpty()
                   && !(bodyModels.size() == 1 && Catalog.AUTO_NAMES.contains(bodyModels.get(0)))) {
            names = bodyModels;
        } else if (!options.candidates().isEmpty()) {
            names = options.candidates();
        } else {
            List<Deployment> all = new ArrayList<>();
            boolean any = false;
            for (Deployment d : catalog.deployments()) {
                if (embeddings == d.model().can(Capability.EMBEDDINGS)) {
                    any = true;
                    if (allowed(options.tab(), d.id(), d)) {
                        all.add(d);
                    }
                }
            }
            return mayUseAny(all, any);
        }
        boolean named = names != options.candidates();
        List<Deployment> out = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Deployment d = catalog.resolve(name).orElseThrow(() -> LlmException.of(ErrorKind.MODEL_NOT_FOUND, 404,
                    catalog.whyUnavailable(name), "model", "model_not_found", null, null));
            if (!allowed(options.tab(), name, d)) {
                if (named) {
                    throw LlmException.of(ErrorKind.FORBIDDEN, 403, "This API key may not use model '" + name
                            + "'" + (options.tab().allows(name) || options.tab().allows(d.id())
                            ? ": the catalog has no price for it, and the key's spend is budgeted." : "."), "model",
                            "model_not_allowed", null, null);
                }
                continue;
            }
            if (seen.add(d.id())) {
                out.add(d);
            }
        }
        return mayUseAny(out, !names.isEmpty());
    }

    /** The models a content-policy refusal may move to, those the catalog knows; unknown names are left out. */
    List<Deployment> refusalModels(RouteOptions options) {
        List<String> names = options.retry().refusalModels();
        if (names.isEmpty()) {
            return List.of();
        }
        Catalog catalog = this.catalog.get();
        List<Deployment> out = new ArrayList<>(names.size());
        for (String name : names) {
            catalog.resolve(name).filter(d -> allowed(options.tab(), name, d)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * A key's allowed models match the name the request used or the deployment it names; a caller with a budget may
     * not use a model the catalog has no price for (its spend could not be counted).
     */
    private static boolean allowed(Tab tab, String name, Deployment d) {
        if (tab.budgeted() && (d.model().inputPrice() == null || d.model().outputPrice() == null)) {
            return false;
        }
        return tab.allows(name) || tab.allows(d.id());
    }

    /** Models the route would choose from were all filtered out by the caller's key. */
    private static List<Deployment> mayUseAny(List<Deployment> allowed, boolean hadAny) {
        if (allowed.isEmpty() && hadAny) {
            throw LlmException.of(ErrorKind.FORBIDDEN, 403, "This API key may use none of the models this request "
                    + "can be routed to.", "model", "model_not_allowed", null, null);
        }
        return allowed;
    }
}
