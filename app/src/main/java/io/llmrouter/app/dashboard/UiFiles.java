package io.llmrouter.app.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.vertx.core.buffer.Buffer;
import io.llmrouter.api.Sha256;

/**
 * The dashboard's static files, read from the jar once: the page ({@code ui/} in the resources) and the chart library
 * from its WebJar. Only these named files are served, so no request path ever reaches the class path.
 */
final class UiFiles {

    /** A file as served: its bytes, type and entity tag. */
    record File(Buffer bytes, String type, String etag) {
    }

    private static final String UPLOT = "META-INF/resources/webjars/uplot/%s/dist/";

    private final Map<String, File> files = new LinkedHashMap<>();

    UiFiles() {
        add("/ui/", "ui/index.html", "text/html; charset=utf-8");
        add("/ui/dashboard.js", "ui/dashboard.js", "text/javascript; charset=utf-8");
        add("/ui/dashboard.css", "ui/dashboard.css", "text/css; charset=utf-8");
        String uplot = UPLOT.formatted(webJarVersion("uplot"));
        add("/ui/lib/uPlot.iife.min.js", uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        add("/ui/lib/uPlot.min.css", uplot + "uPlot.min.css", "text/css; charset=utf-8");
        add("/ui/lib/uPlot.LICENSE", uplot.replace("dist/", "LICENSE"),
                "text/plain; charset=utf-8");
    }

    /** The file served at this path, or null. */
    File get(String path) {
        return files.get(path);
    }

    private void add(String path, String resource, String type) {
        byte[] bytes = read(resource);
        files.put(path, new File(Buffer.buffer(bytes), type, '"' + Sha256.hex(bytes).substring(0, 16) + '"'));
    }

    private static String webJarVersion(String artifact) {
        Properties p = new Properties();
        try (InputStream in = stream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = stream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String resource) {
        InputStream in = UiFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the dashboard's file " + resource + " is missing from the jar");
        }
        return in;
    }

}
