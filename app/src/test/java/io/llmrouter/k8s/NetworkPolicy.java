package io.llmrouter.k8s;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code networking.k8s.io/v1} NetworkPolicy, field for field as the API defines it, for {@link K8sManifests} to parse
 * strictly: the build has fabric8's core, apps, policy and autoscaling models, not its networking one. Egress rules are
 * modelled too, so a policy that declares them still parses.
 */
@Group("networking.k8s.io")
@Version("v1")
@Kind("NetworkPolicy")
@JsonInclude(JsonInclude.Include.NON_NULL)
// itself, not through the kind lookup that KubernetesResource's own deserializer does (as fabric8's models say too)
@JsonDeserialize(using = JsonDeserializer.None.class)
final class NetworkPolicy implements HasMetadata, Namespaced {

    private String apiVersion = "networking.k8s.io/v1";
    private String kind = "NetworkPolicy";
    private ObjectMeta metadata;
    private Spec spec;

    record Spec(LabelSelector podSelector, List<String> policyTypes, List<IngressRule> ingress,
                List<EgressRule> egress) {
    }

    /** No {@code from}: any source; no {@code ports}: every port. */
    record IngressRule(List<Peer> from, List<Port> ports) {
    }

    record EgressRule(List<Peer> to, List<Port> ports) {
    }

    /** A podSelector alone: pods of the policy's namespace; with a namespaceSelector: pods of those namespaces. */
    record Peer(LabelSelector podSelector, LabelSelector namespaceSelector, IpBlock ipBlock) {
    }

    record IpBlock(String cidr, List<String> except) {
    }

    /** No {@code port}: every port; a name: the pod's container port of that name; {@code endPort}: a range. */
    record Port(String protocol, IntOrString port, Integer endPort) {
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    public Spec getSpec() {
        return spec;
    }

    public void setSpec(Spec spec) {
        this.spec = spec;
    }
}
