#!/usr/bin/env python3
"""Benchmark input for volsync-gen.

    make_input.py N [--format resourcelist|tree DIR]

resourcelist (default): a KRM ResourceList on stdout with N selected PVCs, each with a Deployment,
Service and ConfigMap of ordinary size, every item carrying the config.kubernetes.io/* and
internal.config.kubernetes.io/* annotations kpt adds, plus the source Secret and a VolSyncBackup
functionConfig. N=10000 is about 44 MB.

tree DIR: the same resources as a kpt package (one multi-document file per app, no kpt
annotations: kpt adds them itself), plus fn-config.yaml, for `kpt fn eval DIR --exec ...`.

Deterministic: the same N always gives the same bytes. Needs PyYAML (Debian: python3-yaml).
"""
import argparse
import os
import sys

import yaml

try:
    Dumper = yaml.CSafeDumper
except AttributeError:  # PyYAML without libyaml: same output, slower
    Dumper = yaml.SafeDumper

APPS_PER_NAMESPACE = 50
SECRET_NS = "volsync-system"


def dump(obj):
    return yaml.dump(obj, Dumper=Dumper, default_flow_style=False, sort_keys=False, width=4096)


def app_objects(i):
    ns = "team-%03d" % (i // APPS_PER_NAMESPACE)
    app = "app-%05d" % i

    def labels():  # a fresh dict each time: a shared one would be dumped as an anchor/alias
        return {
            "app.kubernetes.io/name": app,
            "app.kubernetes.io/instance": app + "-prod",
            "app.kubernetes.io/part-of": "shop",
            "app.kubernetes.io/managed-by": "kpt",
        }
    pvc = {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {
            "name": app + "-data",
            "namespace": ns,
            "labels": dict(labels(), backup="hourly" if i % 2 else "daily"),
        },
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "storageClassName": "longhorn",
            "resources": {"requests": {"storage": "%dGi" % (1 + i % 50)}},
        },
    }
    deploy = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": app,
            "namespace": ns,
            "labels": labels(),
            "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"},
        },
        "spec": {
            "replicas": 1,
            "strategy": {"type": "Recreate"},
            "selector": {"matchLabels": {"app.kubernetes.io/name": app}},
            "template": {
                "metadata": {"labels": labels()},
                "spec": {
                    "securityContext": {"runAsUser": 568, "runAsGroup": 568, "fsGroup": 568},
                    "containers": [{
                        "name": "main",
                        "image": "ghcr.io/example/%s:1.%d.%d" % (app, i % 7, i % 13),
                        "imagePullPolicy": "IfNotPresent",
                        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"},
                                  {"name": "metrics", "containerPort": 9090, "protocol": "TCP"}],
                        "env": [{"name": "TZ", "value": "Europe/Berlin"},
                                {"name": "UMASK", "value": "0700"},
                                {"name": "APP_VERSION", "value": "1.10"},
                                {"name": "DEBUG", "value": "no"}],
                        "envFrom": [{"configMapRef": {"name": app + "-config"}}],
                        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                                      "limits": {"memory": "512Mi"}},
                        "volumeMounts": [{"name": "data", "mountPath": "/data"},
                                         {"name": "config", "mountPath": "/etc/app"}],
                    }],
                    "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": app + "-data"}},
                                {"name": "config", "configMap": {"name": app + "-config"}}],
                },
            },
        },
    }
    svc = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": app, "namespace": ns, "labels": labels()},
        "spec": {
            "type": "ClusterIP",
            "selector": {"app.kubernetes.io/name": app},
            "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"},
                      {"name": "metrics", "port": 9090, "targetPort": "metrics", "protocol": "TCP"}],
        },
    }
    cm = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": app + "-config", "namespace": ns, "labels": labels()},
        "data": {
            "LOG_LEVEL": "info",
            "FEATURE_X": "yes",
            "MAX_CONNECTIONS": "100",
            "app.yaml": "server:\n  listen: :8080\n  timeout: 30s\nstorage:\n  path: /data\n"
                        "  retention: 7d\n",
        },
    }
    return ns, app, [pvc, deploy, svc, cm]


def secret():
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "volsync-base", "namespace": SECRET_NS},
        "type": "Opaque",
        "stringData": {
            "RESTIC_PASSWORD": "not-a-real-password",
            "AWS_ACCESS_KEY_ID": "minio-user",
            "AWS_SECRET_ACCESS_KEY": "minio-secret-key",
        },
    }


def function_config():
    return {
        "apiVersion": "volsync-gen.io/v1alpha1",
        "kind": "VolSyncBackup",
        "metadata": {"name": "volsync"},
        "spec": {
            "repository": "s3:http://minio.example:9000/volsync-backup",
            "credentials": {"secretName": "volsync-base"},
            "storageClassName": "longhorn",
            "volumeSnapshotClassName": "longhorn-snapclass",
            "cacheStorageClassName": "longhorn",
            "cacheCapacity": "2Gi",
            "retain": {"hourly": 24, "daily": 7, "weekly": 4},
        },
    }


def annotate(obj, path, index):
    # What kpt fn eval adds to every item it sends (config.kubernetes.io/* legacy copies included).
    ann = obj["metadata"].setdefault("annotations", {})
    ann["config.kubernetes.io/index"] = str(index)
    ann["config.kubernetes.io/path"] = path
    ann["internal.config.kubernetes.io/index"] = str(index)
    ann["internal.config.kubernetes.io/path"] = path
    ann["internal.config.kubernetes.io/seqindent"] = "compact"
    return obj


def indent_item(text):
    lines = text.splitlines()
    return "".join(("- " if k == 0 else "  ") + line + "\n" for k, line in enumerate(lines))


def resource_list(n, out):
    out.write("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
    for i in range(n):
        _, app, objs = app_objects(i)
        path = "apps/%s.yaml" % app
        for idx, obj in enumerate(objs):
            out.write(indent_item(dump(annotate(obj, path, idx))))
    out.write(indent_item(dump(annotate(secret(), "volsync-base.yaml", 0))))
    out.write("functionConfig:\n")
    out.write("".join("  " + line + "\n" for line in dump(function_config()).splitlines()))


def tree(n, root):
    os.makedirs(os.path.join(root, "apps"), exist_ok=True)
    with open(os.path.join(root, "Kptfile"), "w") as f:
        f.write("apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: bench\n"
                "  annotations:\n    config.kubernetes.io/local-config: \"true\"\n")
    for i in range(n):
        _, app, objs = app_objects(i)
        with open(os.path.join(root, "apps", app + ".yaml"), "w") as f:
            f.write("---\n".join(dump(o) for o in objs))
    with open(os.path.join(root, "volsync-base.yaml"), "w") as f:
        f.write(dump(secret()))
    # Outside the package: kpt would otherwise send it as an item too.
    with open(os.path.join(os.path.dirname(os.path.abspath(root)), os.path.basename(root) + "-fn-config.yaml"),
              "w") as f:
        f.write(dump(function_config()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--format", choices=["resourcelist", "tree"], default="resourcelist")
    ap.add_argument("dir", nargs="?", help="output directory for --format tree")
    a = ap.parse_intermixed_args()
    if a.format == "tree":
        if not a.dir:
            ap.error("--format tree needs DIR")
        tree(a.n, a.dir)
    else:
        resource_list(a.n, sys.stdout)


if __name__ == "__main__":
    main()
