package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.llmrouter.api.ErrorKind;
import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.Deployment;

/** Which deployments a request may go to, from the names the endpoint and the caller give. */
final class Candidates {

    /** Body model names that mean "let the router choose". */
    private static final List<String> AUTO = List.of("auto", "router", "llmrouter/auto");

    private final Catalog catalog;

    Candidates(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The endpoint's fixed model, else the models the body names, else the endpoint's candidates, else every
     * deployment of the right kind. A name the catalog does not know is the caller's error (404).
     */
    List<Deployment> of(List<String> bodyModels, RouteOptions options, boolean embeddings) {
        List<String> names;
        if (options.model() != null) {
            names = List.of(options.model());
        } else if (!bodyModels.isEmpty() && !(bodyModels.size() == 1 && AUTO.contains(bodyModels.get(0)))) {
            names = bodyModels;
        } else if (!options.candidates().isEmpty()) {
            names = options.candidates();
        } else {
            List<Deployment> all = new ArrayList<>();
            for (Deployment d : catalog.deployments()) {
                if (embeddings == d.model().can(Capability.EMBEDDINGS)) {
                    all.add(d);
                }
            }
            return all;
        }
        List<Deployment> out = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Deployment d = catalog.resolve(name).orElseThrow(() -> LlmException.of(ErrorKind.MODEL_NOT_FOUND, 404,
                    catalog.whyUnavailable(name), "model", "model_not_found", null, null));
            if (seen.add(d.id())) {
                out.add(d);
            }
        }
        return out;
    }

    /** The models a content-policy refusal may move to, those the catalog knows; unknown names are left out. */
    List<Deployment> refusalModels(RouteOptions options) {
        List<String> names = options.retry().refusalModels();
        if (names.isEmpty()) {
            return List.of();
        }
        List<Deployment> out = new ArrayList<>(names.size());
        for (String name : names) {
            catalog.resolve(name).ifPresent(out::add);
        }
        return out;
    }
}
