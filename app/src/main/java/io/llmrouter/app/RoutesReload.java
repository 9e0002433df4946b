package io.llmrouter.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route reload for {@code --routes DIR} (a changed YAML file replaces its routes), except that a file which
 * does not load leaves the routes served before it. Camel 4.18 stops and removes every route before it reads the
 * changed file, so a typo would take the front door's routes down until the file is fixed; here the changed files are
 * first parsed into route definitions and their endpoints resolved, and only files that pass reach Camel's reload.
 */
final class RoutesReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesReload.class);

    RoutesReload(Path dir) {
        super(dir.toString());
        setPattern("*.yaml");
    }

    @Override
    protected void onRouteReload(Collection<Resource> changed, boolean removeEverything) {
        Collection<Resource> resources = changed;
        if (resources != null && !resources.isEmpty()) {
            try {
                // what is checked is what is loaded: a file written again between the two reads must not slip by
                resources = read(resources);
                check(getCamelContext(), resources);
            } catch (Exception e) {
                String message = "Routes not reloaded, the served ones stay: " + resources.stream()
                        .map(Resource::getLocation).toList() + ": " + rootMessage(e);
                LOG.error(message);
                // Camel's watcher counts the failure (and logs it once more with the stack trace)
                throw new IllegalArgumentException(message, e);
            }
        }
        super.onRouteReload(resources, removeEverything);
    }

    /** The files' contents as they are now, under their own locations. */
    private static List<Resource> read(Collection<Resource> resources) throws IOException {
        List<Resource> read = new ArrayList<>();
        for (Resource r : resources) {
            if (!r.exists()) {
                read.add(r); // a removed file: Camel removes its routes
                continue;
            }
            try (InputStream in = r.getInputStream()) {
                read.add(ResourceHelper.fromBytes(r.getLocation(), in.readAllBytes()));
            }
        }
        return read;
    }

    /** Parses the files into route definitions and resolves each route's endpoints, without adding any route. */
    private static void check(CamelContext context, Collection<Resource> resources) throws Exception {
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resources)) {
            if (builder instanceof RouteBuilder routes) {
                for (RouteDefinition route : routes.configureRoutes(context).getRoutes()) {
                    context.getEndpoint(route.getInput().getEndpointUri());
                    for (ToDefinition to : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                            ToDefinition.class)) {
                        context.getEndpoint(to.getEndpointUri());
                    }
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        // a YAML error spans lines (what, where, the line itself): one line for the log and the counter
        return m == null ? t.getClass().getSimpleName() : m.strip().replaceAll("\\s+", " ");
    }
}
