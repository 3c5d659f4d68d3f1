#include "cli/lint_kopia_facts.h"

#include "krm/base64.h"

namespace vg {
namespace {

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

int line_at(const InputObject& o, const Doc& n) {
  if (n && n.Mark().line >= 0) return o.mark_offset() + n.Mark().line + 1;
  return o.line();
}

void mover_volumes(const InputObject& o, const Doc& volumes, KopiaFacts& f) {
  if (!volumes.IsSequence()) return;
  f.mover_volumes_line = line_at(o, volumes);
  for (const Doc& v : volumes.items()) {
    if (v.at({"volumeSource", "nfs"}).IsMap()) f.nfs_mount_paths.push_back(scalar(v["mountPath"]));
    if (v.at({"volumeSource", "persistentVolumeClaim"}).IsMap()) f.pvc_volume = true;
  }
}

void secret(const Doc& doc, KopiaFacts& f) {
  if (const Doc& v = doc.at({"stringData", "KOPIA_REPOSITORY"}); v.IsScalar()) {
    f.has_repository_value = true;
    f.repository_value = v.Scalar();
  } else if (const Doc& d = doc.at({"data", "KOPIA_REPOSITORY"}); d.IsScalar()) {
    auto decoded = base64_decode(d.Scalar());
    f.has_repository_value = decoded.has_value();
    f.repository_value = decoded.value_or("");
  }
}

}  // namespace

bool lint_is_kopia_maintenance(const ResourceRef& r) {
  return r.api_version == "volsync.backube/v1alpha1" && r.kind == "KopiaMaintenance";
}

void kopia_facts(const InputObject& o, const Doc& doc, KopiaFacts& f) {
  const ResourceRef& r = o.ref();
  if (r.api_version == "v1" && r.kind == "Secret") return secret(doc, f);
  if (lint_is_kopia_maintenance(r)) {
    f.uses_kopia = true;
    const Doc& repo = doc.at({"spec", "repository", "repository"});
    f.repository = scalar(repo);
    f.repository_field = "spec.repository.repository";
    f.repository_line = line_at(o, repo ? repo : doc["spec"]);
    mover_volumes(o, doc.at({"spec", "moverVolumes"}), f);
    return;
  }
  const Doc& k = doc.at({"spec", "kopia"});
  if (r.api_version != "volsync.backube/v1alpha1" || !k.IsMap()) return;
  f.uses_kopia = true;
  f.repository = scalar(k["repository"]);
  f.repository_field = "spec.kopia.repository";
  f.repository_line = line_at(o, k["repository"] ? k["repository"] : k);
  f.source_name = scalar(k.at({"sourceIdentity", "sourceName"}));
  f.username = scalar(k["username"]);
  f.hostname = scalar(k["hostname"]);
  f.enable_file_deletion = scalar(k["enableFileDeletion"]) == "true";
  mover_volumes(o, k["moverVolumes"], f);
}

}  // namespace vg
