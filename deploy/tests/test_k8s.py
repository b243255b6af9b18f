"""Checks of the Kubernetes manifests (deploy/k8s) without a cluster: every overlay renders with
`kubectl kustomize`, validates against the Kubernetes schemas offline (deploy/tools/validate_k8s.js:
kubernetes-models' OpenAPI schemas, and unknown fields through kubernetes-types), and keeps the
properties README.md ("Deploying to Kubernetes", "Scaling out") promises: native gRPC probes
against the health service, non-root and read-only, terminationGracePeriodSeconds equal to
--shutdown_grace_s, requests and limits, both Services, the metrics port (declared, annotated for
Prometheus, equal to --metrics_port), the HPA on CPU and on the in-flight gauge (and the
components/hpa-cpu-only component that drops the latter), the PDB, optional Secrets, the
NetworkPolicy (gRPC from the backend's namespace, metrics from the monitoring namespace), and an
NVIDIA GPU only in the gpu overlay. The flag files are also run through the real stori-server,
which serves the gauge the HPA asks for on the file's metrics port.

kubectl is not a Debian package: this project's machines (CI's included) have it from their image,
so the rendering checks are skipped, saying so, only where kubectl is absent.
"""
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import unittest
import urllib.request

import deploy_testing as dt

OVERLAYS = os.path.join(dt.DEPLOY, "k8s", "overlays")
CPU_ONLY_COMPONENT = os.path.join(dt.DEPLOY, "k8s", "components", "hpa-cpu-only")
OVERLAY_NAMES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(OVERLAYS, "*")))
GPU = "nvidia.com/gpu"
APP = "stori-generation"
# Namespaces the NetworkPolicy admits, by the label Kubernetes sets on every namespace.
NAMESPACE_LABEL = "kubernetes.io/metadata.name"
BACKEND_NAMESPACE = "maestro"
MONITORING_NAMESPACE = "monitoring"
# The server's gauge of calls admitted (running or queued), the HPA's custom metric.
IN_FLIGHT_METRIC = "stori_requests_in_flight"
METRICS_CC = os.path.join(dt.REPO, "server", "metrics.cc")
# Peak RSS of stori-server (--threads=2) measured with two QUALITY 32-bar sections at once, the
# largest work measured (README.md, "Scaling out"); requests must leave headroom over it.
MEASURED_PEAK_RSS_MIB = 349
# deploy/Dockerfile's USER.
IMAGE_UID = 10001
QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$")


def quantity(value):
    """A Kubernetes quantity as a number (cores, bytes)."""
    match = QUANTITY.match(str(value))
    if not match:
        raise AssertionError("not a quantity: %r" % (value,))
    scale = {None: 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 1 << 10,
             "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40}[match.group(2)]
    return float(match.group(1)) * scale


def render(overlay, directory=None):
    """`kubectl kustomize` of an overlay (or of `directory`, a kustomization of one's own)."""
    kubectl = shutil.which("kubectl")
    proc = subprocess.run([kubectl, "kustomize", directory or os.path.join(OVERLAYS, overlay)],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise AssertionError("kubectl kustomize %s failed: %s" % (overlay, proc.stderr))
    return proc.stdout


def validate(rendered):
    """deploy/tools/validate_k8s.js over rendered YAML: (documents, errors)."""
    rc, out, err = dt.run_node_tool("validate_k8s.js", stdin=rendered)
    if rc not in (0, 1):
        raise AssertionError("validate_k8s.js failed (%d): %s" % (rc, err))
    result = json.loads(out)
    return result["documents"], result["errors"]


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OverlayTestBase:
    overlay = None
    rendered = None
    documents = None
    errors = None

    @classmethod
    def setUpClass(cls):
        if shutil.which("kubectl") is None:
            raise unittest.SkipTest(
                "kubectl not found: the rendering and schema checks of deploy/k8s need it "
                "(`kubectl kustomize`); it is not a Debian package, and this project's machine "
                "image (and so CI) has it")
        cls.rendered = render(cls.overlay)
        cls.documents, cls.errors = validate(cls.rendered)

    # --- helpers ---
    def one(self, kind, name=None):
        found = [d for d in self.documents if d["kind"] == kind and
                 (name is None or d["metadata"]["name"] == name)]
        self.assertEqual(len(found), 1, "one %s %s" % (kind, name or ""))
        return found[0]

    def deployment(self):
        return self.one("Deployment", APP)

    def pod(self):
        return self.deployment()["spec"]["template"]["spec"]

    def container(self):
        containers = self.pod()["containers"]
        self.assertEqual([c["name"] for c in containers], ["stori-server"])
        return containers[0]

    def effective_flags(self):
        """The flags stori-server runs with: the ConfigMap's file (--flagfile), then args."""
        container = self.container()
        flags = {}
        for arg in container.get("args", []):
            match = re.fullmatch(r"--flagfile=(.+)", arg)
            if match:
                directory, filename = os.path.split(match.group(1))
                mount = [m for m in container["volumeMounts"] if m["mountPath"] == directory]
                self.assertEqual(len(mount), 1, "the flag file's directory is a mounted volume")
                volume = [v for v in self.pod()["volumes"] if v["name"] == mount[0]["name"]][0]
                config_map = self.one("ConfigMap", volume["configMap"]["name"])
                flags.update(dt.parse_flag_lines(config_map["data"][filename].splitlines()))
            else:
                flags.update(dt.parse_flag_lines([arg]))
        return flags

    def ports(self):
        """{name: containerPort} of the server's container (every port TCP and named)."""
        ports = self.container()["ports"]
        self.assertTrue(all(p.get("protocol", "TCP") == "TCP" for p in ports))
        return {p["name"]: p["containerPort"] for p in ports}

    def metrics_port(self):
        """--metrics_port as the flag file sets it: explicitly, and a port (0 serves none)."""
        flags = self.effective_flags()
        self.assertIn("metrics_port", flags, "the flag file sets --metrics_port explicitly")
        port = int(flags["metrics_port"])
        self.assertTrue(0 < port < 65536, "--metrics_port=0 serves no metrics")
        self.assertNotEqual(port, int(flags["port"]))
        return port

    def labels_match(self, selector):
        labels = self.deployment()["spec"]["template"]["metadata"]["labels"]
        return selector and all(labels.get(k) == v for k, v in selector.items())

    # --- the checks ---
    def test_renders_and_validates_against_the_kubernetes_schemas(self):
        self.assertEqual(self.errors, [])
        kinds = sorted(d["kind"] for d in self.documents)
        self.assertEqual(kinds, ["ConfigMap", "Deployment", "HorizontalPodAutoscaler",
                                 "NetworkPolicy", "PodDisruptionBudget", "Service", "Service",
                                 "ServiceAccount"])
        self.assertEqual({d["metadata"].get("namespace") for d in self.documents}, {"stori"})

    def test_probes_are_native_grpc_against_the_health_service(self):
        container = self.container()
        port = int(self.effective_flags()["port"])
        self.assertEqual(self.ports()["grpc"], port)
        for probe, service in (("startupProbe", dt.SERVICE), ("readinessProbe", dt.SERVICE),
                               ("livenessProbe", "")):
            with self.subTest(probe=probe):
                spec = container[probe]
                self.assertEqual(spec["grpc"], {"port": port, "service": service})
                self.assertFalse({"httpGet", "tcpSocket", "exec"} & set(spec))
        startup = container["startupProbe"]
        # Model load and warm-up take ~1-2 s on CPU: at least 30 s before a restart.
        self.assertGreaterEqual(startup["periodSeconds"] * startup["failureThreshold"], 30)

    def test_metrics_port_declared_annotated_and_equal_to_the_flag(self):
        port = self.metrics_port()
        self.assertEqual(self.ports(), {"grpc": int(self.effective_flags()["port"]),
                                        "metrics": port})
        annotations = self.deployment()["spec"]["template"]["metadata"]["annotations"]
        self.assertEqual({k: v for k, v in annotations.items() if k.startswith("prometheus.io/")},
                         {"prometheus.io/scrape": "true", "prometheus.io/port": str(port),
                          "prometheus.io/path": "/metrics"})

    def test_non_root_read_only_no_capabilities(self):
        pod, container = self.pod(), self.container()
        self.assertIs(pod["securityContext"]["runAsNonRoot"], True)
        self.assertEqual(pod["securityContext"]["runAsUser"], IMAGE_UID)
        self.assertEqual(pod["securityContext"]["seccompProfile"], {"type": "RuntimeDefault"})
        self.assertIs(pod["automountServiceAccountToken"], False)
        security = container["securityContext"]
        self.assertIs(security["runAsNonRoot"], True)
        self.assertIs(security["readOnlyRootFilesystem"], True)
        self.assertIs(security["allowPrivilegeEscalation"], False)
        self.assertEqual(security["capabilities"], {"drop": ["ALL"]})
        # A writable /tmp beside the read-only root.
        tmp = [m for m in container["volumeMounts"] if m["mountPath"] == "/tmp"]
        self.assertEqual(len(tmp), 1)
        volume = [v for v in pod["volumes"] if v["name"] == tmp[0]["name"]][0]
        self.assertIn("emptyDir", volume)

    def test_grace_period_equals_the_drain_flag(self):
        flags = self.effective_flags()
        grace = int(flags.get("shutdown_grace_s", dt.declared_flags()["shutdown_grace_s"]))
        self.assertEqual(self.pod()["terminationGracePeriodSeconds"], grace)
        self.assertNotIn("lifecycle", self.container(), "no preStop eating into the grace")

    def test_flags_are_declared_by_the_server(self):
        declared = dt.declared_flags()
        flags = self.effective_flags()
        self.assertEqual(sorted(set(flags) - set(declared) - {"flagfile"}), [])
        # The model stays at the server's default path, where the images put it.
        self.assertEqual(flags.get("model_path", declared["model_path"]), declared["model_path"])

    def test_requests_and_limits_from_the_measured_peak(self):
        resources = self.container()["resources"]
        for kind in ("cpu", "memory"):
            with self.subTest(resource=kind):
                request = quantity(resources["requests"][kind])
                limit = quantity(resources["limits"][kind])
                self.assertGreaterEqual(limit, request)
        memory = quantity(self.container()["resources"]["requests"]["memory"])
        self.assertGreaterEqual(memory, 1.25 * MEASURED_PEAK_RSS_MIB * (1 << 20))
        # One core per executor thread (each runs one torch thread).
        flags = self.effective_flags()
        cores = int(flags.get("threads", 1)) * int(flags.get("torch_threads", 1))
        if GPU not in resources["limits"]:
            self.assertGreaterEqual(quantity(resources["requests"]["cpu"]), cores)

    def test_headless_and_cluster_ip_services(self):
        services = {d["metadata"]["name"]: d["spec"] for d in self.documents
                    if d["kind"] == "Service"}
        self.assertEqual(sorted(services), [APP, APP + "-headless"])
        self.assertEqual(services[APP + "-headless"]["clusterIP"], "None")
        self.assertEqual(services[APP].get("type", "ClusterIP"), "ClusterIP")
        self.assertNotIn("clusterIP", services[APP])
        ports = self.ports()
        # The headless Service's DNS is the gRPC clients'; the ClusterIP one also names the
        # metrics port (for a ServiceMonitor or port-forward).
        expected = {APP + "-headless": [(50051, "grpc")],
                    APP: [(50051, "grpc"), (self.metrics_port(), "metrics")]}
        for name, spec in services.items():
            with self.subTest(service=name):
                self.assertTrue(self.labels_match(spec["selector"]))
                self.assertEqual([(p["port"], p["targetPort"]) for p in spec["ports"]],
                                 expected[name])
                for p in spec["ports"]:
                    self.assertIn(p["targetPort"], ports)
                self.assertNotIn("publishNotReadyAddresses", spec)

    def test_hpa_scales_the_deployment_on_cpu_and_calls_in_flight(self):
        hpa = self.one("HorizontalPodAutoscaler")
        self.assertEqual(hpa["apiVersion"], "autoscaling/v2")
        spec = hpa["spec"]
        self.assertEqual(spec["scaleTargetRef"], {"apiVersion": "apps/v1", "kind": "Deployment",
                                                  "name": APP})
        self.assertGreaterEqual(spec["minReplicas"], 1)
        self.assertGreater(spec["maxReplicas"], spec["minReplicas"])
        cpu = [m for m in spec["metrics"] if m["type"] == "Resource" and
               m["resource"]["name"] == "cpu"]
        self.assertEqual(len(cpu), 1)
        self.assertEqual(cpu[0]["resource"]["target"]["type"], "Utilization")
        self.assertEqual(cpu[0]["resource"]["target"]["averageUtilization"], 60)
        self.assertNotIn("replicas", self.deployment()["spec"], "the HPA owns the replica count")
        # CPU first, then the server's in-flight gauge as a per-pod custom metric (second:
        # components/hpa-cpu-only removes /spec/metrics/1).
        self.assertEqual([m["type"] for m in spec["metrics"]], ["Resource", "Pods"])
        pods = spec["metrics"][1]["pods"]
        self.assertEqual(pods["metric"], {"name": IN_FLIGHT_METRIC})
        self.assertEqual(pods["target"]["type"], "AverageValue")
        with open(METRICS_CC) as f:
            self.assertIn('"%s"' % IN_FLIGHT_METRIC, f.read(), "a metric the server exports")
        # Above --threads (a replica is not scaled out before its executor threads are all
        # busy), and reachable: admission caps calls in flight at --max_inflight_requests.
        flags, declared = self.effective_flags(), dt.declared_flags()
        target = quantity(pods["target"]["averageValue"])
        self.assertGreater(target, int(flags.get("threads", declared["threads"])))
        self.assertLess(target, int(flags.get("max_inflight_requests",
                                              declared["max_inflight_requests"])))

    def test_cpu_only_component_leaves_the_cpu_metric(self):
        # components/hpa-cpu-only, used as README.md says (a kustomization of one's own taking
        # the overlay as its resource), drops the in-flight metric and changes nothing else.
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, "kustomization.yaml"), "w") as f:
                # kustomize takes relative paths only.
                f.write("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        "resources:\n  - %s\ncomponents:\n  - %s\n"
                        % (os.path.relpath(os.path.join(OVERLAYS, self.overlay), directory),
                           os.path.relpath(CPU_ONLY_COMPONENT, directory)))
            documents, errors = validate(render(self.overlay, directory))
        self.assertEqual(errors, [])
        hpa = [d for d in documents if d["kind"] == "HorizontalPodAutoscaler"]
        self.assertEqual(len(hpa), 1)
        original = self.one("HorizontalPodAutoscaler")
        self.assertEqual(hpa[0]["spec"]["metrics"], original["spec"]["metrics"][:1])
        self.assertEqual(hpa[0]["spec"]["metrics"][0]["resource"]["name"], "cpu")
        hpa[0]["spec"]["metrics"] = original["spec"]["metrics"]
        self.assertEqual(documents, self.documents)

    def test_pdb_limits_voluntary_disruptions(self):
        spec = self.one("PodDisruptionBudget")["spec"]
        self.assertTrue(self.labels_match(spec["selector"]["matchLabels"]))
        self.assertEqual(spec.get("maxUnavailable"), 1)

    def test_optional_tls_and_token_secrets(self):
        volumes = {v["name"]: v for v in self.pod()["volumes"]}
        mounts = {m["name"]: m for m in self.container()["volumeMounts"]}
        for name, secret in (("tls", APP + "-tls"), ("auth", APP + "-auth")):
            with self.subTest(secret=secret):
                self.assertEqual(volumes[name]["secret"], {"secretName": secret,
                                                           "optional": True})
                self.assertIs(mounts[name]["readOnly"], True)
        self.assertFalse([d for d in self.documents if d["kind"] == "Secret"],
                         "no Secret in the manifests: the operator creates them")

    def test_network_policy_admits_the_backend_to_grpc_and_monitoring_to_metrics(self):
        spec = self.one("NetworkPolicy")["spec"]
        self.assertTrue(self.labels_match(spec["podSelector"]["matchLabels"]))
        self.assertIn("Ingress", spec["policyTypes"])
        self.assertTrue(spec["ingress"])
        admitted = set()  # (namespace, port)
        for rule in spec["ingress"]:
            self.assertTrue(rule.get("from"), "an empty from admits everyone")
            self.assertTrue(rule.get("ports"), "no ports admits every port")
            for peer in rule["from"]:
                self.assertEqual(list(peer), ["namespaceSelector"])
                self.assertEqual(list(peer["namespaceSelector"]["matchLabels"]),
                                 [NAMESPACE_LABEL])
                for port in rule["ports"]:
                    self.assertEqual(sorted(port), ["port", "protocol"])
                    self.assertEqual(port["protocol"], "TCP")
                    admitted.add((peer["namespaceSelector"]["matchLabels"][NAMESPACE_LABEL],
                                  port["port"]))
        # Exactly these: the backend does not reach the metrics, Prometheus not the gRPC port.
        self.assertEqual(admitted, {(BACKEND_NAMESPACE, int(self.effective_flags()["port"])),
                                    (MONITORING_NAMESPACE, self.metrics_port())})

    def test_gpu_only_in_the_gpu_overlay(self):
        pod, container = self.pod(), self.container()
        if self.overlay == "gpu":
            self.assertEqual(container["resources"]["limits"][GPU], "1")
            self.assertEqual(pod["nodeSelector"], {"nvidia.com/gpu.present": "true"})
            self.assertIn({"key": GPU, "operator": "Exists", "effect": "NoSchedule"},
                          pod["tolerations"])
            self.assertTrue(container["image"].endswith(":cuda"))
            self.assertIn(self.effective_flags()["device"], ("cuda", "auto"))
        else:
            self.assertNotIn(GPU, self.rendered)
            self.assertNotIn("nodeSelector", pod)
            self.assertTrue(container["image"].endswith(":cpu"))
            self.assertEqual(self.effective_flags()["device"], "cpu")


class CpuOverlayTest(OverlayTestBase, unittest.TestCase):
    overlay = "cpu"


class GpuOverlayTest(OverlayTestBase, unittest.TestCase):
    overlay = "gpu"


class OverlaySetTest(unittest.TestCase):
    def test_overlays_are_cpu_and_gpu(self):
        self.assertEqual(OVERLAY_NAMES, ["cpu", "gpu"])


class FlagFilesTest(unittest.TestCase):
    """Each overlay's flag file, as the pod reads it, is accepted by the real stori-server: the
    image's ENTRYPOINT flags first, then the pod's `--flagfile` (flags given later win, so the
    file's --device overrides the CUDA image's --device=auto), then loopback, free ports (gRPC and
    metrics) and no model for the check. The server starts, logs the file's values and serves
    /metrics with the gauge the HPA scales on."""

    IMAGE_OF = {"cpu": "Dockerfile", "gpu": "Dockerfile.cuda"}

    def test_server_starts_with_each_flag_file(self):
        dockerfiles = dt.parse_dockerfiles([os.path.join(dt.DEPLOY, f)
                                            for f in self.IMAGE_OF.values()])
        self.assertEqual(sorted(self.IMAGE_OF), OVERLAY_NAMES)
        for overlay in OVERLAY_NAMES:
            path = os.path.join(OVERLAYS, overlay, "server.flags")
            with open(path) as f:
                flags = dt.parse_flag_lines(f)
            stages = dockerfiles[os.path.join(dt.DEPLOY, self.IMAGE_OF[overlay])]["stages"]
            entrypoint = [i for i in stages[-1]["instructions"]
                          if i["keyword"] == "ENTRYPOINT"][-1]["json"]
            with self.subTest(overlay=overlay):
                # The file's --metrics_port (9464) moved to a free port: checks run side by side.
                metrics_port = free_port()
                with dt.Server(*(entrypoint[1:] + ["--flagfile=" + path, "--address=127.0.0.1",
                                                   "--port=0", "--model_path=",
                                                   "--metrics_port=%d" % metrics_port])) as server:
                    started = re.search(r"event=server_started .*", server.text()).group(0)
                    for name in ("threads", "max_inflight_requests", "device",
                                 "torch_threads"):
                        self.assertIn("%s=%s " % (name, flags[name]), started + " ")
                    self.assertIn("metrics_port=%d " % metrics_port, started)
                    # Prometheus' text format, with the gauge the HPA scales on.
                    # No proxy from the environment for a loopback address.
                    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                    with opener.open("http://127.0.0.1:%d/metrics" % metrics_port,
                                     timeout=10) as response:
                        self.assertEqual(response.status, 200)
                        self.assertTrue(response.headers["Content-Type"].startswith(
                            "text/plain; version=0.0.4"))
                        body = response.read().decode()
                    self.assertRegex(body, r"(?m)^# TYPE %s gauge$" % IN_FLIGHT_METRIC)
                    self.assertRegex(body, r"(?m)^%s 0$" % IN_FLIGHT_METRIC)
                    self.assertEqual(server.stop(), 0)
                    self.assertRegex(server.text(), r"event=shutdown_started .*grace_s=%s"
                                     % flags["shutdown_grace_s"])


if __name__ == "__main__":
    unittest.main()
