package io.llmrouter.state.hazelcast;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How this gateway joins a cluster, from the {@code llmrouter.cluster.*} properties. Disabled by default: one node keeps
 * its state in memory.
 *
 * @param members              TCP-IP member list (host or host:port); multicast is never used
 * @param kubernetesServiceDns a headless service whose DNS records list the members, instead of {@code members}
 * @param port                 first port tried; the next ones are tried when it is taken
 * @param clientAddresses      the cluster to connect to in client mode
 * @param spendDurability      whether an answer waits until its spend is on two members
 */
public record ClusterSettings(boolean enabled, String name, List<String> members, String kubernetesServiceDns,
        int port, Mode mode, List<String> clientAddresses, SpendDurability spendDurability) {

    public static final String PREFIX = "llmrouter.cluster.";
    public static final String DEFAULT_NAME = "llmrouter";
    public static final int DEFAULT_PORT = 5701;

    /** Embedded: this gateway is a member and holds part of the data; client: it connects to a separate cluster. */
    public enum Mode { EMBEDDED, CLIENT }

    /**
     * Async (the default): the answer leaves at once and its spend follows within a round trip, held by two members
     * once written; a member killed inside that round trip loses the spend of the answers it just gave, as it loses
     * that of the upstream calls it had under way. Sync: an answer leaves only once its spend is held by two members,
     * so not even a SIGKILL loses spend a caller was billed; it costs each answer that round trip.
     */
    public enum SpendDurability { SYNC, ASYNC }

    public ClusterSettings {
        members = List.copyOf(members);
        clientAddresses = List.copyOf(clientAddresses);
        if (enabled) {
            if (mode == Mode.CLIENT && clientAddresses.isEmpty()) {
                throw new IllegalArgumentException(PREFIX + "mode=client needs " + PREFIX
                                                   + "client-addresses, e.g. 10.0.0.5:5701,10.0.0.6:5701");
            }
            if (mode == Mode.EMBEDDED && members.isEmpty() == (kubernetesServiceDns == null)) {
                throw new IllegalArgumentException("set exactly one of " + PREFIX + "members (e.g. "
                                                   + "127.0.0.1:5701,127.0.0.1:5702) and " + PREFIX
                                                   + "kubernetes-service-dns; members=" + members
                                                   + ", kubernetes-service-dns=" + kubernetesServiceDns);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(PREFIX + "port must be 1..65535, not " + port);
            }
        }
    }

    public static ClusterSettings disabled() {
        return new ClusterSettings(false, DEFAULT_NAME, List.of(), null, DEFAULT_PORT, Mode.EMBEDDED, List.of(),
                SpendDurability.ASYNC);
    }

    /**
     * @param lookup property value by full key ({@code llmrouter.cluster.enabled}), or null when not set
     */
    public static ClusterSettings from(Function<String, String> lookup) {
        Function<String, String> get = k -> {
            String v = lookup.apply(PREFIX + k);
            return v == null || v.isBlank() ? null : v.trim();
        };
        String mode = get.apply("mode");
        String port = get.apply("port");
        String durability = get.apply("spend-durability");
        Mode m;
        try {
            m = mode == null ? Mode.EMBEDDED : Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "mode must be embedded or client, not " + mode, e);
        }
        SpendDurability d;
        try {
            d = durability == null ? SpendDurability.ASYNC
                    : SpendDurability.valueOf(durability.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "spend-durability must be sync or async, not " + durability,
                    e);
        }
        int p;
        try {
            p = port == null ? DEFAULT_PORT : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + "port must be a number, not " + port, e);
        }
        String name = get.apply("name");
        return new ClusterSettings(Boolean.parseBoolean(get.apply("enabled")), name == null ? DEFAULT_NAME : name,
                list(get.apply("members")), get.apply("kubernetes-service-dns"), p, m,
                list(get.apply("client-addresses")), d);
    }

    /** The environment variable for a key: {@code llmrouter.cluster.client-addresses} is LLMROUTER_CLUSTER_CLIENT_ADDRESSES. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static List<String> list(String csv) {
        return csv == null ? List.of()
                : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
