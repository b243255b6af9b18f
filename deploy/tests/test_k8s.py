"""Checks of the Kubernetes manifests (deploy/k8s) without a cluster: every overlay renders with
`kubectl kustomize`, validates against the Kubernetes schemas offline (deploy/tools/validate_k8s.js:
kubernetes-models' OpenAPI schemas, and unknown fields through kubernetes-types), and keeps the
properties README.md ("Deploying to Kubernetes") promises: native gRPC probes against the health
service, non-root and read-only, terminationGracePeriodSeconds equal to --shutdown_grace_s,
requests and limits, both Services, the HPA, the PDB, optional Secrets, the NetworkPolicy, and an
NVIDIA GPU only in the gpu overlay. The flag files are also run through the real stori-server.

kubectl is not a Debian package: this project's machines (CI's included) have it from their image,
so the rendering checks are skipped, saying so, only where kubectl is absent.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import unittest

import deploy_testing as dt

OVERLAYS = os.path.join(dt.DEPLOY, "k8s", "overlays")
OVERLAY_NAMES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(OVERLAYS, "*")))
GPU = "nvidia.com/gpu"
APP = "stori-generation"
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


def render(overlay):
    kubectl = shutil.which("kubectl")
    proc = subprocess.run([kubectl, "kustomize", os.path.join(OVERLAYS, overlay)],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise AssertionError("kubectl kustomize %s failed: %s" % (overlay, proc.stderr))
    return proc.stdout


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
        rc, out, err = dt.run_node_tool("validate_k8s.js", stdin=cls.rendered)
        if rc not in (0, 1):
            raise AssertionError("validate_k8s.js failed (%d): %s" % (rc, err))
        result = json.loads(out)
        cls.documents, cls.errors = result["documents"], result["errors"]

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
        self.assertEqual([p["containerPort"] for p in container["ports"]], [port])
        for probe, service in (("startupProbe", dt.SERVICE), ("readinessProbe", dt.SERVICE),
                               ("livenessProbe", "")):
            with self.subTest(probe=probe):
                spec = container[probe]
                self.assertEqual(spec["grpc"], {"port": port, "service": service})
                self.assertFalse({"httpGet", "tcpSocket", "exec"} & set(spec))
        startup = container["startupProbe"]
        # Model load and warm-up take ~1-2 s on CPU: at least 30 s before a restart.
        self.assertGreaterEqual(startup["periodSeconds"] * startup["failureThreshold"], 30)

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
        for name, spec in services.items():
            with self.subTest(service=name):
                self.assertTrue(self.labels_match(spec["selector"]))
                self.assertEqual([(p["port"], p["targetPort"]) for p in spec["ports"]],
                                 [(50051, "grpc")])
                self.assertNotIn("publishNotReadyAddresses", spec)

    def test_hpa_scales_the_deployment_on_cpu(self):
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

    def test_network_policy_admits_only_the_backend_namespace(self):
        spec = self.one("NetworkPolicy")["spec"]
        self.assertTrue(self.labels_match(spec["podSelector"]["matchLabels"]))
        self.assertIn("Ingress", spec["policyTypes"])
        self.assertTrue(spec["ingress"])
        for rule in spec["ingress"]:
            self.assertTrue(rule.get("from"), "an empty from admits everyone")
            for peer in rule["from"]:
                self.assertEqual(list(peer), ["namespaceSelector"])
                self.assertEqual(list(peer["namespaceSelector"]["matchLabels"]),
                                 ["kubernetes.io/metadata.name"])
            self.assertEqual(rule["ports"], [{"protocol": "TCP", "port": 50051}])

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
    file's --device overrides the CUDA image's --device=auto), then loopback, a free port and no
    model for the check. The server starts and logs the file's values."""

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
                with dt.Server(*(entrypoint[1:] + ["--flagfile=" + path, "--address=127.0.0.1",
                                                   "--port=0", "--model_path="])) as server:
                    started = re.search(r"event=server_started .*", server.text()).group(0)
                    for name in ("threads", "max_inflight_requests", "device",
                                 "torch_threads"):
                        self.assertIn("%s=%s " % (name, flags[name]), started + " ")
                    self.assertEqual(server.stop(), 0)
                    self.assertRegex(server.text(), r"event=shutdown_started .*grace_s=%s"
                                     % flags["shutdown_grace_s"])


if __name__ == "__main__":
    unittest.main()
