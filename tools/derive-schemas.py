#!/usr/bin/env python3
"""Writes schemas/*.yaml: the VolSync CRDs reduced to their validation structure.

The upstream CRD prose (every `description`) is AGPL-3.0; we only need the shape of the data, so the
derived files keep names, versions and each openAPIV3Schema minus descriptions.

Usage: tools/derive-schemas.py [--set NAME] [CRD.yaml ...]
  --set upstream    (default) ../shared/volsync-crds/*.yaml -> schemas/
  --set kopia-fork  ../shared/volsync-crds/perfectra1n-v0.17.11/*.yaml -> schemas/kopia-fork/
Each set is embedded as its own schema set (generator/schema/schema.h, EmbeddedSchemas).
"""
import glob
import os
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# name -> (input CRDs relative to ../shared/volsync-crds, output folder under schemas/, provenance)
SETS = {
    "upstream": ("", "", "VolSync v0.16.0, commit 22b97b0717c74f328853d92877151392ff5ecb42, config/crd/bases"),
    "kopia-fork": ("perfectra1n-v0.17.11", "kopia-fork",
                   "perfectra1n/volsync v0.17.11, commit 0b08a4874576188255523833c9569c5f252064d0, config/crd/bases"),
}

# Keys whose value is a map of property name -> schema, so a property called "description" survives.
SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
SCHEMA_LISTS = ("anyOf", "allOf", "oneOf")
SCHEMA_ONE = ("items", "additionalProperties", "not", "additionalItems")


def strip(schema):
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "description":
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: strip(sub) for name, sub in value.items()}
        elif key in SCHEMA_LISTS and isinstance(value, list):
            out[key] = [strip(sub) for sub in value]
        elif key in SCHEMA_ONE:
            out[key] = [strip(s) for s in value] if isinstance(value, list) else strip(value)
        else:
            out[key] = value
    return out


def derive(crd):
    spec = crd["spec"]
    names = {k: spec["names"][k] for k in ("kind", "listKind", "plural", "singular") if k in spec["names"]}
    versions = []
    for v in spec["versions"]:
        versions.append({
            "name": v["name"],
            "served": v.get("served", True),
            "storage": v.get("storage", False),
            "schema": {"openAPIV3Schema": strip(v["schema"]["openAPIV3Schema"])},
        })
    return {
        "apiVersion": crd["apiVersion"],
        "kind": crd["kind"],
        "metadata": {"name": crd["metadata"]["name"]},
        "spec": {"group": spec["group"], "names": names, "scope": spec.get("scope", "Namespaced"),
                 "versions": versions},
    }


def main(argv):
    args = argv[1:]
    set_name = "upstream"
    if len(args) >= 2 and args[0] == "--set":
        set_name, args = args[1], args[2:]
    if set_name not in SETS:
        sys.exit(f"derive-schemas: unknown set {set_name!r} (known: {', '.join(SETS)})")
    in_dir, out_sub, source = SETS[set_name]
    crd_dir = os.path.join(REPO, "..", "shared", "volsync-crds", in_dir)
    paths = args or sorted(glob.glob(os.path.join(crd_dir, "*.yaml")))
    if not paths:
        sys.exit(f"derive-schemas: no CRD files given and none found in {crd_dir}")
    out_dir = os.path.join(REPO, "schemas", out_sub)
    os.makedirs(out_dir, exist_ok=True)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for crd in yaml.safe_load_all(f):
                if not crd or crd.get("kind") != "CustomResourceDefinition":
                    continue
                spec = crd["spec"]
                name = f"{spec['group']}_{spec['names']['plural']}.yaml"
                body = yaml.safe_dump(derive(crd), sort_keys=True, default_flow_style=False, width=1000)
                with open(os.path.join(out_dir, name), "w", encoding="utf-8") as out:
                    out.write(f"# Derived from {source}/{os.path.basename(path)} with descriptions removed.\n")
                    regen = "" if set_name == "upstream" else f"--set {set_name} "
                    out.write(f"# Regenerate: python3 tools/derive-schemas.py {regen}[CRD.yaml ...]; do not edit.\n")
                    out.write(body)
                print(f"wrote {os.path.relpath(os.path.join(out_dir, name), REPO)}")


if __name__ == "__main__":
    main(sys.argv)
