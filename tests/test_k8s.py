"""The Kubernetes path, checked without a cluster: deploy/k8s/config.yaml through KubeSpawner's pod manifest.

The Zero to JupyterHub chart turns its values into JupyterHub configuration in the hub pod
(``jupyterhub/files/hub/jupyterhub_config.py`` of chart 4.4.0). :func:`chart_config` does that translation for
the keys config.yaml uses, then runs config.yaml's ``hub.extraConfig`` as the chart does; KubeSpawner (the
pinned version the chart ships) builds each pod's manifest from it, with stand-in user and hub objects as
KubeSpawner's own tests use. The notebook set-up (the init container's command) is run for real on a folder.
"""
import asyncio
import os
import re
import subprocess
import sys
import tomllib
import types
from importlib.metadata import version
from pathlib import Path
from unittest.mock import Mock

import kubernetes_asyncio.config.kube_config
import pytest
import yaml
from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from jupyterhub.objects import Hub, Server
from kubespawner import KubeSpawner
from kubespawner.slugs import safe_slug
from traitlets.config import Config

from equitylab.course.curriculum import NOTEBOOK_DIRS, source_notebooks
from equitylab.course.notebooks import build_notebooks
from equitylab.course.transforms import SOLUTION_BEGIN

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# The room's own values (room-values.yaml in docs/hosting.md), as faculty pass them with a second -f
ROOM_CODE, FACULTY_CODE = "LAKE7Q4M", "faculty-code-of-at-least-32-characters"
ROOM_VALUES = {"hub": {"config": {
    "SharedPasswordAuthenticator": {"user_password": ROOM_CODE, "admin_password": FACULTY_CODE},
    "Authenticator": {"admin_users": ["ana ruiz"]}}}}
# The chart's defaults (values.yaml, 4.4.0) for keys its jupyterhub_config.py reads that config.yaml leaves alone
CHART_DEFAULTS = {"singleuser": {"extraLabels": {"hub.jupyter.org/network-access-hub": "true"},
                                 "allowPrivilegeEscalation": False, "events": True},
                  "cull": {"adminUsers": True, "concurrency": 10, "removeNamedServers": False, "maxAge": 0}}
# KubeSpawner trait <- singleuser.<key>, as the chart's jupyterhub_config.py maps them (the part config.yaml uses)
SINGLEUSER_TRAITS = {"start_timeout": "startTimeout", "image_pull_policy": "image.pullPolicy", "uid": "uid",
                     "fs_gid": "fsGid", "events_enabled": "events", "extra_labels": "extraLabels",
                     "init_containers": "initContainers", "lifecycle_hooks": "lifecycleHooks",
                     "mem_limit": "memory.limit", "mem_guarantee": "memory.guarantee", "cpu_limit": "cpu.limit",
                     "cpu_guarantee": "cpu.guarantee", "environment": "extraEnv"}
# singleuser keys handled apart in the chart's config file (image, storage, cmd, defaultUrl) or by its templates
SINGLEUSER_OTHER = {"image", "storage", "cmd", "defaultUrl", "allowPrivilegeEscalation"}


def _run(coro):
    """``asyncio.run`` in a thread of its own: a browser test (Playwright) may already run a loop in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _merge(a: dict, b: dict) -> dict:
    """Helm's merge of values files: mappings merge key by key, anything else is replaced."""
    out = dict(a)
    for k, v in b.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _get(values: dict, key: str, default=None):
    for part in key.split("."):
        if not isinstance(values, dict) or part not in values:
            return default
        values = values[part]
    return values


def chart_values() -> dict:
    config = yaml.safe_load((K8S / "config.yaml").read_text())
    return _merge(_merge(CHART_DEFAULTS, config), ROOM_VALUES)


def chart_config(values: dict) -> Config:
    """JupyterHub's configuration as the chart's jupyterhub_config.py builds it from ``values``."""
    c = Config()
    c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
    for trait, key in SINGLEUSER_TRAITS.items():
        if _get(values, "singleuser." + key) is not None:
            c.KubeSpawner[trait] = _get(values, "singleuser." + key)
    image = values["singleuser"]["image"]
    c.KubeSpawner.image = f"{image['name']}:{image['tag']}"
    c.KubeSpawner.allow_privilege_escalation = _get(values, "singleuser.allowPrivilegeEscalation")
    storage = values["singleuser"]["storage"]
    assert storage["type"] == "static"
    c.KubeSpawner.volumes = {"home": {"name": "home", "persistentVolumeClaim": {
        "claimName": storage["static"]["pvcName"]}}}
    c.KubeSpawner.volume_mounts = {"home": {"mountPath": storage["homeMountPath"], "name": "home",
                                            "subPath": storage["static"]["subPath"]}}
    cull = values["cull"]
    cull_cmd = ["python3", "-m", "jupyterhub_idle_culler", "--url=http://localhost:8081/hub/api",
                f"--timeout={cull['timeout']}", f"--cull-every={cull['every']}", f"--concurrency={cull['concurrency']}"]
    cull_cmd += ["--cull-users"] if cull["users"] else []
    cull_cmd += [] if cull["adminUsers"] else ["--cull-admin-users=false"]
    c.JupyterHub.services = [{"name": "jupyterhub-idle-culler", "command": cull_cmd}]
    c.JupyterHub.services += [{**s, "name": k, "api_token": "from-the-hub-secret"}
                              for k, s in _get(values, "hub.services", {}).items()]
    c.JupyterHub.load_roles = [{**r, "name": k} for k, r in _get(values, "hub.loadRoles", {}).items()]
    c.Spawner.cmd = values["singleuser"]["cmd"]
    c.Spawner.default_url = values["singleuser"]["defaultUrl"]
    for section, cfg in values["hub"]["config"].items():
        c[section].update(cfg)
    z2jh = types.ModuleType("z2jh")
    z2jh.get_config = lambda key, default=None: _get(values, key, default)
    saved = sys.modules.get("z2jh")
    sys.modules["z2jh"] = z2jh
    try:
        for _, code in sorted(_get(values, "hub.extraConfig", {}).items()):
            exec(code, {"c": c, "get_config": z2jh.get_config})
    finally:
        sys.modules.pop("z2jh") if saved is None else sys.modules.update(z2jh=saved)
    return c


class MockUser(Mock):
    """A hub user, as KubeSpawner's own tests stand one in (tests/test_spawner.py)."""

    server = Server()

    def __init__(self, **kwargs):
        super().__init__()
        for key, value in kwargs.items():
            setattr(self, key, value)

    @property
    def escaped_name(self):
        return self.name

    @property
    def url(self):
        return self.server.url


# KubeSpawner loads a Kubernetes client configuration when it is created; one naming a closed local port is
# enough, since building a manifest contacts no cluster.
KUBECONFIG = {"apiVersion": "v1", "kind": "Config", "current-context": "none",
              "clusters": [{"name": "none", "cluster": {"server": "https://127.0.0.1:1"}}],
              "users": [{"name": "none", "user": {}}],
              "contexts": [{"name": "none", "context": {"cluster": "none", "user": "none"}}]}


@pytest.fixture(scope="module")
def pod(tmp_path_factory):
    kubeconfig = tmp_path_factory.mktemp("kube") / "config"
    kubeconfig.write_text(yaml.safe_dump(KUBECONFIG))

    def manifest(name: str, admin: bool = False):
        """KubeSpawner's pod manifest for hub user ``name`` after the pre-spawn hook (what the hub creates)."""
        async def build():
            spawner = KubeSpawner(config=chart_config(chart_values()), user=MockUser(name=name, admin=admin),
                                  hub=Hub(), api_token="abc123", oauth_client_id="unused", _mock=True)
            spawner.run_pre_spawn_hook()
            # the pod as KubeSpawner sends it to the Kubernetes API
            return spawner.api.api_client.sanitize_for_serialization(await spawner.get_pod_manifest())

        with pytest.MonkeyPatch.context() as mp:
            # read when a client configuration is loaded (kubernetes_asyncio's own tests set it the same way)
            mp.setattr(kubernetes_asyncio.config.kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(kubeconfig))
            return _run(build())

    return manifest


@pytest.fixture(scope="module")
def participant(pod):
    return pod("maría lópez")


@pytest.fixture(scope="module")
def faculty(pod):
    return pod("ana ruiz", admin=True)


def _env(container) -> dict:
    return {e["name"]: e["value"] for e in container.get("env", [])}


def _mounts(container) -> dict:
    return {m["name"]: m for m in container.get("volumeMounts", [])}


def test_every_singleuser_value_is_read():
    """A key the translation above does not read would be a value this test never checks."""
    keys = set(yaml.safe_load((K8S / "config.yaml").read_text())["singleuser"])
    handled = {k.split(".")[0] for k in SINGLEUSER_TRAITS.values()} | SINGLEUSER_OTHER
    assert keys <= handled, f"config.yaml's singleuser keys not translated here: {sorted(keys - handled)}"


def test_participant_pod_runs_the_student_image_with_its_resources(participant):
    values = chart_values()["singleuser"]
    (notebook,) = participant["spec"]["containers"]
    assert notebook["image"] == f"equitylab-student:{PYPROJECT['version']}"
    assert notebook["image"] == f"{values['image']['name']}:{values['image']['tag']}"
    resources = notebook["resources"]
    # JupyterHub's byte sizes count in powers of 1024 (700M = 700 x 2**20 bytes)
    mib = {k: int(v[:-1]) * 2**20 for k, v in values["memory"].items() if v.endswith("M")}
    assert (resources["requests"]["memory"], resources["limits"]["memory"]) == (mib["guarantee"], mib["limit"])
    assert (float(resources["requests"]["cpu"]), float(resources["limits"]["cpu"])) == \
        (values["cpu"]["guarantee"], values["cpu"]["limit"])
    # measured on the hub on one VM: a server ~135 MB, a kernel ~270 MB: two kernels guaranteed, five at most
    assert resources["requests"]["memory"] >= (135 + 2 * 270) * 10**6
    assert resources["limits"]["memory"] >= (135 + 5 * 270) * 10**6
    assert notebook["securityContext"] == {"runAsUser": 1000, "allowPrivilegeEscalation": False}
    assert participant["spec"]["securityContext"] == {"fsGroup": 100}


def test_participant_pod_sets_up_the_notebooks_and_one_workspace(participant):
    (notebook,) = participant["spec"]["containers"]
    owner, init = participant["spec"]["initContainers"]
    env, home = _env(notebook), _mounts(notebook)["home"]
    assert env["EQUITYLAB_WORKSPACE"] == f"{home['mountPath']}/equitylab/my_equitylab"
    assert env["JUPYTERHUB_ROOT_DIR"] == f"{home['mountPath']}/equitylab"
    assert env["EQUITYLAB_PARTICIPANT"] == "maría lópez"
    assert "EQUITYLAB_ROLE" not in env
    assert env["OMP_NUM_THREADS"] == "1"
    assert "--MappingKernelManager.cull_idle_timeout=1800" in notebook["args"]
    assert env["JUPYTERHUB_DEFAULT_URL"] == "/lab/tree/demo/exercise_engine.ipynb"
    assert (ROOT / "demo" / "exercise_engine.ipynb").is_file()
    # the init container fills the same home, from the same image, before JupyterLab starts
    # two init containers prepare the same home, from the same image, before JupyterLab starts: the first,
    # as root with only CAP_CHOWN, gives the home to uid 1000; the second, as uid 1000, fills it
    assert [owner["name"], init["name"]] == ["equitylab-home-owner", "equitylab-notebooks"]
    assert owner["securityContext"]["capabilities"] == {"drop": ["ALL"], "add": ["CHOWN"]}
    assert init["securityContext"]["runAsUser"] == 1000
    for ic in (owner, init):
        assert ic["image"] == notebook["image"]
        assert _mounts(ic)["home"]["mountPath"] == home["mountPath"] == _env(ic)["HOME"]
        assert _mounts(ic)["home"]["subPath"] == home["subPath"] == safe_slug("maría lópez", max_length=48)
    (volume,) = [v for v in participant["spec"]["volumes"] if v["name"] == "home"]
    assert volume["persistentVolumeClaim"]["claimName"] == "equitylab-homes"


def test_faculty_pod_runs_the_instructor_image(faculty):
    (notebook,) = faculty["spec"]["containers"]
    assert notebook["image"] == f"equitylab-instructor:{PYPROJECT['version']}"
    assert [ic["image"] for ic in faculty["spec"]["initContainers"]] == [notebook["image"]] * 2
    assert _env(notebook)["EQUITYLAB_ROLE"] == "instructor"


def _copy_notebooks(init, home: Path, notebooks: Path) -> None:
    env = {**os.environ, **_env(init), "HOME": str(home), "EQUITYLAB_NOTEBOOKS": str(notebooks)}
    subprocess.run(init["command"], env=env, check=True, capture_output=True, timeout=60)


def test_init_container_copies_the_student_notebooks_and_never_overwrites(participant, tmp_path):
    build_notebooks(tmp_path / "image", ROOT)
    image, home = tmp_path / "image" / "student", tmp_path / "home"
    owner, init = participant["spec"]["initContainers"]
    home.mkdir()
    _copy_notebooks(owner, home, image)
    if os.geteuid() == 0:             # as in CI: the script hands a root-owned home to uid 1000
        assert (home.stat().st_uid, home.stat().st_gid) == (1000, 100)
    _copy_notebooks(init, home, image)
    copied = home / "equitylab"
    rels = [src.relative_to(ROOT) for src in source_notebooks(ROOT)]
    assert all((copied / rel).read_bytes() == (image / rel).read_bytes() for rel in rels)
    assert (copied / "my_equitylab").is_dir()
    assert not any(SOLUTION_BEGIN in p.read_text() for p in copied.rglob("*.ipynb"))
    # a participant's edits and workspace survive a restart; a deleted notebook comes back
    edited = copied / rels[3]
    edited.write_text("my edits")
    (copied / "my_equitylab" / "workspace.json").write_text("{}")
    (copied / rels[0]).unlink()
    _copy_notebooks(init, home, image)
    assert edited.read_text() == "my edits"
    assert (copied / "my_equitylab" / "workspace.json").read_text() == "{}"
    assert (copied / rels[0]).read_bytes() == (image / rels[0]).read_bytes()


def test_sign_in_with_the_room_code_faculty_with_the_faculty_code():
    c = chart_config(chart_values())
    assert c.JupyterHub.authenticator_class == "shared-password"
    auth = SharedPasswordAuthenticator(config=c)

    async def sign_in(name, password):
        return await auth.get_authenticated_user(None, {"username": name, "password": password})

    assert _run(sign_in("maría lópez", ROOM_CODE))["name"] == "maría lópez"
    assert _run(sign_in("maría lópez", "WRONG123")) is None
    assert _run(sign_in("ana ruiz", FACULTY_CODE))["admin"] is True
    assert not _run(sign_in("maría lópez", FACULTY_CODE))


def test_culler_and_room_service_reach_the_hub():
    c = chart_config(chart_values())
    services = {s["name"]: s for s in c.JupyterHub.services}
    cull = services["jupyterhub-idle-culler"]["command"]
    assert "--timeout=3600" in cull and "--cull-users" not in cull
    room = services["room"]
    docs = list(yaml.safe_load_all((K8S / "room.yaml").read_text()))
    kinds = {d["kind"]: d for d in docs}
    svc, deploy = kinds["Service"], kinds["Deployment"]
    assert room["url"] == f"http://{svc['metadata']['name']}:{svc['spec']['ports'][0]['port']}"
    (container,) = deploy["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in container["env"]}
    assert env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"]["key"] == "hub.services.room.apiToken"
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == "/services/room/"
    assert container["image"] == chart_config(chart_values()).KubeSpawner.image
    assert {r["name"]: r for r in c.JupyterHub.load_roles}["room-reader"]["services"] == ["room"]
    # the room page reads every home (read-only) from the volume the participants' homes live on
    (homes,) = [v for v in deploy["spec"]["template"]["spec"]["volumes"] if "persistentVolumeClaim" in v]
    assert homes["persistentVolumeClaim"]["claimName"] == kinds["PersistentVolumeClaim"]["metadata"]["name"]
    assert homes["persistentVolumeClaim"]["claimName"] == chart_values()["singleuser"]["storage"]["static"]["pvcName"]
    assert all(m["readOnly"] for m in container["volumeMounts"])
    assert kinds["PersistentVolumeClaim"]["spec"]["accessModes"] == ["ReadWriteMany"]


def test_room_page_numbers_exercises_from_the_image_notebooks(tmp_path, monkeypatch):
    """The room pod reads exercise numbers from the image's student notebooks: the same as from the sources."""
    from equitylab.course.roomspread import exercise_numbers_of_the_day

    deploy = next(d for d in yaml.safe_load_all((K8S / "room.yaml").read_text()) if d["kind"] == "Deployment")
    (container,) = deploy["spec"]["template"]["spec"]["containers"]
    root = {e["name"]: e.get("value") for e in container["env"]}["EQUITYLAB_ROOT"]
    assert "COPY --from=build /notebooks/student " + root in (K8S / "Dockerfile").read_text()
    monkeypatch.setenv("EQUITYLAB_ROOT", str(ROOT))
    from_sources = exercise_numbers_of_the_day()
    build_notebooks(tmp_path, ROOT)
    monkeypatch.setenv("EQUITYLAB_ROOT", str(tmp_path / "student"))
    assert exercise_numbers_of_the_day() == from_sources and len(from_sources) > 20


def test_image_uses_the_project_pins():
    """The Dockerfile installs Equity Lab with its pinned dependencies on environment.yml's Python."""
    dockerfile = (K8S / "Dockerfile").read_text()
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert re.search(r"^ARG PYTHON_VERSION=(\S+)$", dockerfile, re.M)[1] == python.split("=")[1]
    installs = re.findall(r"-m pip install ([^\n]*)", dockerfile)
    assert installs and all("/wheels/equitylab-" in line for line in installs), installs
    assert '[hub]"' in dockerfile and "hub" in PYPROJECT["optional-dependencies"]
    pins = dict(r.split("==") for r in PYPROJECT["optional-dependencies"]["hub"])
    assert pins["jupyterhub"] == version("jupyterhub")
    dev = dict(r.split("==") for r in PYPROJECT["optional-dependencies"]["dev"])
    assert dev["jupyterhub-kubespawner"] == version("jupyterhub-kubespawner")
    # every notebook folder goes into the image, and each target holds only its own notebooks
    for folder in NOTEBOOK_DIRS:
        assert f"COPY {folder} ./{folder}\n" in dockerfile
    assert "COPY --from=build /notebooks/student /srv/equitylab/notebooks" in dockerfile.split("AS instructor")[0]
    assert "/notebooks/instructor" not in dockerfile.split("AS instructor")[0]
    values = chart_values()
    assert values["singleuser"]["image"]["tag"] == values["custom"]["equitylab"]["instructorImage"]["tag"] \
        == PYPROJECT["version"]
    assert values["prePuller"]["extraImages"]["equitylab-instructor"] == values["custom"]["equitylab"]["instructorImage"]
