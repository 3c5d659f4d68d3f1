#include "cli/lint_kopia_facts.h"

#include <optional>

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
    if (const Doc& nfs = v.at({"volumeSource", "nfs"}); nfs.IsMap()) {
      f.nfs_mount_paths.push_back(scalar(v["mountPath"]));
      f.nfs_locations.push_back(scalar(nfs["server"]) + ":" + scalar(nfs["path"]));
    }
    if (v.at({"volumeSource", "persistentVolumeClaim"}).IsMap()) f.pvc_volume = true;
  }
}

// FNV-1a, so a password is compared without being kept.
std::uint64_t fingerprint(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// A literal value of `key` (stringData wins over data, as in the API server), with its field and line.
struct Value {
  std::optional<std::string> value;
  std::string field;
  const Doc* at = nullptr;
};
Value literal(const Doc& doc, const char* key) {
  if (const Doc& v = doc.at({"stringData", key}); v.IsScalar())
    return {v.Scalar(), join_field_path("stringData", key), &v};
  if (const Doc& d = doc.at({"data", key}); d.IsScalar())
    return {base64_decode(d.Scalar()), join_field_path("data", key), &d};
  return {};
}

void secret(const InputObject& o, const Doc& doc, KopiaFacts& f) {
  if (Value r = literal(doc, "KOPIA_REPOSITORY"); r.value) {
    f.has_repository_value = true;
    f.repository_value = *r.value;
  }
  for (const char* key : {"KOPIA_S3_ENDPOINT", "AWS_S3_ENDPOINT"})
    if (Value e = literal(doc, key); e.value && f.s3_endpoint.empty()) {
      f.s3_endpoint = *e.value;
      f.s3_endpoint_field = e.field;
      f.s3_endpoint_line = line_at(o, *e.at);
    }
  for (const char* key : {"KOPIA_S3_DISABLE_TLS", "AWS_S3_DISABLE_TLS"})
    if (Value t = literal(doc, key); t.value && *t.value == "true") f.s3_tls_disabled = true;
  if (Value p = literal(doc, "KOPIA_PASSWORD"); p.value && p.value->find("${") == std::string::npos) {
    f.has_password = true;
    f.password_fingerprint = fingerprint(*p.value);
    f.password_field = p.field;
    f.password_line = line_at(o, *p.at);
  }
}

}  // namespace

bool lint_is_kopia_maintenance(const ResourceRef& r) {
  return r.api_version == "volsync.backube/v1alpha1" && r.kind == "KopiaMaintenance";
}

std::unique_ptr<KopiaFacts> kopia_facts(const InputObject& o, const Doc& doc) {
  const ResourceRef& r = o.ref();
  auto f = std::make_unique<KopiaFacts>();
  if (r.api_version == "v1" && r.kind == "Secret") {
    secret(o, doc, *f);
    if (!f->has_repository_value && !f->has_password) return nullptr;
    return f;
  }
  if (lint_is_kopia_maintenance(r)) {
    f->uses_kopia = true;
    const Doc& repo = doc.at({"spec", "repository", "repository"});
    f->repository = scalar(repo);
    f->repository_field = "spec.repository.repository";
    f->repository_line = line_at(o, repo ? repo : doc["spec"]);
    mover_volumes(o, doc.at({"spec", "moverVolumes"}), *f);
    return f;
  }
  const Doc& k = doc.at({"spec", "kopia"});
  if (r.api_version != "volsync.backube/v1alpha1" || !k.IsMap()) return nullptr;
  f->uses_kopia = true;
  f->repository = scalar(k["repository"]);
  f->repository_field = "spec.kopia.repository";
  f->repository_line = line_at(o, k["repository"] ? k["repository"] : k);
  f->source_name = scalar(k.at({"sourceIdentity", "sourceName"}));
  f->username = scalar(k["username"]);
  f->hostname = scalar(k["hostname"]);
  f->enable_file_deletion = scalar(k["enableFileDeletion"]) == "true";
  mover_volumes(o, k["moverVolumes"], *f);
  return f;
}

const KopiaFacts& kopia_of(const std::shared_ptr<const KopiaFacts>& f) {
  static const KopiaFacts kNone;
  return f ? *f : kNone;
}

}  // namespace vg
