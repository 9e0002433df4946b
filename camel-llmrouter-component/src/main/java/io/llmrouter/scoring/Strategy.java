package io.llmrouter.scoring;

import java.util.List;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/**
 * Orders admissible candidates, best first. Filtering has already happened; a strategy only ranks. Register your own
 * as a bean and name it in the endpoint's {@code strategy} option.
 */
public interface Strategy {

    String name();

    List<Deployment> rank(RequestProfile profile, List<Deployment> admissible, RouterState state);
}
