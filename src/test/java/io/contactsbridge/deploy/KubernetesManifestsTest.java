package io.contactsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/kubernetes} parsed into the Kubernetes API model (unknown fields
 * fail) and checked for what a production deployment needs: replicas, resources, a non-root user on
 * a read-only root file system, probes on the management port, flows as plain files, credentials
 * from a Secret, a disruption budget and a management port closed to the outside.
 */
class KubernetesManifestsTest {
    static final Path DIR = Path.of("deploy/kubernetes");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final Map<String, String> APP = Map.of("app.kubernetes.io/name", "contacts-bridge");

    static <T> T read(String file, Class<T> type) throws IOException {
        return YAML.readValue(DIR.resolve(file).toFile(), type);
    }

    @Test
    void theKustomizationListsEveryManifestButTheExampleSecret() throws IOException {
        Map<?, ?> kustomization = YAML.readValue(DIR.resolve("kustomization.yaml").toFile(), Map.class);
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml") && !n.contains("example")).toList();
            assertThat(((List<?>) kustomization.get("resources")).stream().map(String::valueOf).toList())
                    .containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void theDeploymentRunsSeveralHardenedReplicas() throws IOException {
        Deployment deployment = read("deployment.yaml", Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(APP);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(APP);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();

        Container bridge = pod.getContainers().get(0);
        assertThat(bridge.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(bridge.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        for (String kind : List.of("cpu", "memory")) {
            assertThat(bridge.getResources().getRequests()).containsKey(kind);
            assertThat(bridge.getResources().getLimits()).containsKey(kind);
        }
        assertThat(Quantity.getAmountInBytes(bridge.getResources().getLimits().get("memory")))
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(bridge.getResources().getRequests().get("memory")));
        assertThat(env(bridge, "JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=").contains("-Djava.io.tmpdir=/tmp");
        assertThat(env(bridge, "BRIDGE_DB_URL")).startsWith("jdbc:postgresql:");
        assertThat(bridge.getEnvFrom()).anySatisfy(e -> assertThat(e.getSecretRef().getName()).isEqualTo("contacts-bridge-credentials"));

        assertThat(bridge.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/live");
        assertThat(bridge.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/ready");
        assertThat(bridge.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(bridge.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactlyInAnyOrder("http:8080", "management:9876");

        // writable places on the read-only root: /tmp (and data/) as emptyDir volumes
        assertThat(mount(bridge, "/tmp")).isNotNull();
        assertThat(volume(pod, mount(bridge, "/tmp").getName()).getEmptyDir()).isNotNull();
    }

    @Test
    void flowsArePlainFilesCopiedFromTheConfigMap() throws IOException {
        PodSpec pod = read("deployment.yaml", Deployment.class).getSpec().getTemplate().getSpec();
        Container bridge = pod.getContainers().get(0);
        VolumeMount routes = mount(bridge, "/app/routes");
        assertThat(routes.getReadOnly()).isTrue();
        assertThat(volume(pod, routes.getName()).getEmptyDir()).as("routes/ is a directory of files, not a ConfigMap of symlinks").isNotNull();
        Container copy = pod.getInitContainers().get(0);
        assertThat(String.join(" ", copy.getCommand())).contains("cp -L");
        assertThat(mount(copy, "/app/routes").getName()).isEqualTo(routes.getName());
        VolumeMount source = copy.getVolumeMounts().stream().filter(m -> !m.getMountPath().equals("/app/routes")).findFirst().orElseThrow();
        assertThat(volume(pod, source.getName()).getConfigMap().getName()).isEqualTo("contacts-bridge-routes");
        assertThat(copy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void webhooksAndManagementAreSeparateServices() throws IOException {
        Service webhooks = read("service-webhooks.yaml", Service.class);
        Service management = read("service-management.yaml", Service.class);
        assertThat(webhooks.getSpec().getSelector()).isEqualTo(APP);
        assertThat(management.getSpec().getSelector()).isEqualTo(APP);
        assertThat(webhooks.getSpec().getPorts()).extracting(p -> p.getTargetPort().getStrVal()).containsExactly("http");
        assertThat(management.getSpec().getPorts()).extracting(p -> p.getTargetPort().getStrVal()).containsExactly("management");
        assertThat(webhooks.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(management.getSpec().getType()).isEqualTo("ClusterIP");
    }

    @Test
    void aDisruptionBudgetAndANetworkPolicyProtectTheReplicas() throws IOException {
        PodDisruptionBudget pdb = read("poddisruptionbudget.yaml", PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(APP);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);

        NetworkPolicy policy = read("networkpolicy.yaml", NetworkPolicy.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(APP);
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        NetworkPolicyIngressRule managementRule = rules.stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 9876)).findFirst().orElseThrow();
        assertThat(managementRule.getFrom()).as("management only from inside").isNotEmpty()
                .allSatisfy(peer -> {
                    assertThat(peer.getIpBlock()).isNull();
                    assertThat(peer.getNamespaceSelector()).isNull();
                });
        assertThat(rules).filteredOn(r -> r.getFrom() == null || r.getFrom().isEmpty())
                .allSatisfy(open -> assertThat(open.getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(8080));
    }

    @Test
    void theExampleSecretHoldsNoRealCredential() throws IOException {
        Secret secret = read("secret.example.yaml", Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo("contacts-bridge-credentials");
        assertThat(secret.getStringData().values()).containsOnly("change-me");
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse("");
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst().orElse(null);
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }
}
