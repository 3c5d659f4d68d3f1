// spec.repositories: named restic repositories with their own backend block, credentials and
// schedule/retain overrides. One table describes each backend's block, so the docs, the parser
// and the required Secret keys cannot drift apart.
#include <algorithm>
#include <set>

#include "krm/names.h"
#include "volsync/settings.h"

namespace vg {
namespace {

using B = Repository::Backend;

struct BackendSpec {
  const char* key;  // the block name in a repositories entry
  B backend;
  std::vector<const char*> fields;  // allowed keys of the block
  std::vector<const char*> required;
};

const std::vector<BackendSpec>& backend_specs() {
  static const std::vector<BackendSpec> specs = {
      {"url", B::kUrl, {}, {}},
      {"s3", B::kS3, {"endpoint", "bucket", "prefix", "region"}, {"bucket"}},
      {"b2", B::kB2, {"bucket", "prefix"}, {"bucket"}},
      {"azure", B::kAzure, {"container", "prefix"}, {"container"}},
      {"gcs", B::kGcs, {"bucket", "prefix"}, {"bucket"}},
      {"rest", B::kRest, {"url"}, {"url"}},
      {"local", B::kLocal, {"mountPath", "prefix", "nfs", "pvc"}, {}},
  };
  return specs;
}


std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

bool parse_block(const BackendSpec& spec, const Doc& block, const std::string& path, const Origin& o,
                 Repository& r, Findings& out) {
  const std::size_t before = out.size();
  if (!block.IsMap()) {
    out.push_back(config_finding(o, path, "must be an object"));
    return false;
  }
  for (const auto& kv : block.entries()) {
    const std::string& k = kv.first.Scalar();
    if (std::find_if(spec.fields.begin(), spec.fields.end(), [&](const char* f) { return k == f; }) ==
        spec.fields.end())
      out.push_back(config_finding(o, path + "." + k, "unknown field \"" + k + "\" in a " + spec.key + " repository"));
    else if (k != "nfs" && !kv.second.IsScalar())
      out.push_back(config_finding(o, path + "." + k, "must be a string"));
  }
  for (const char* req : spec.required)
    if (scalar(block[req]).empty()) out.push_back(config_finding(o, path + "." + req, "is required"));
  if (out.size() != before) return false;
  r.backend = spec.backend;
  switch (spec.backend) {
    case B::kS3:
      r.endpoint = scalar(block["endpoint"]);
      r.bucket = scalar(block["bucket"]);
      r.prefix = scalar(block["prefix"]);
      r.region = scalar(block["region"]);
      break;
    case B::kB2:
    case B::kGcs:
      r.bucket = scalar(block["bucket"]);
      r.prefix = scalar(block["prefix"]);
      break;
    case B::kAzure:
      r.bucket = scalar(block["container"]);
      r.prefix = scalar(block["prefix"]);
      break;
    case B::kRest:
      r.url = scalar(block["url"]);
      if (r.url.rfind("http://", 0) != 0 && r.url.rfind("https://", 0) != 0)
        out.push_back(config_finding(o, path + ".url", "\"" + r.url + "\" is not an http(s) URL"));
      break;
    case B::kLocal: {
      if (block["mountPath"]) r.mount_path = scalar(block["mountPath"]);
      if (auto e = dns1123_label_error(r.mount_path))
        out.push_back(config_finding(o, path + ".mountPath", "\"" + r.mount_path + "\": " + *e));
      r.prefix = scalar(block["prefix"]);
      const Doc& nfs = block["nfs"];
      r.pvc = scalar(block["pvc"]);
      if (nfs) {
        if (!nfs.IsMap() || scalar(nfs["server"]).empty() || scalar(nfs["path"]).empty())
          out.push_back(config_finding(o, path + ".nfs", "nfs needs server and path"));
        else {
          r.nfs_server = scalar(nfs["server"]);
          r.nfs_path = scalar(nfs["path"]);
        }
      }
      if ((nfs ? 1 : 0) + (r.pvc.empty() ? 0 : 1) != 1)
        out.push_back(config_finding(o, path, "a local repository needs exactly one of nfs or pvc",
                                   "the volume is mounted into the mover through VolSync's moverVolumes"));
      break;
    }
    case B::kUrl: break;
  }
  return out.size() == before;
}

}  // namespace

const char* backend_name(Repository::Backend b) {
  for (const auto& s : backend_specs())
    if (s.backend == b) return s.key;
  return "url";
}

bool parse_repositories(const Doc& list, const Origin& origin, Config& config, Findings& out) {
  const std::size_t before = out.size();
  std::set<std::string> names;
  int primaries = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Doc& e = list.items()[i];
    const std::string path = "spec.repositories[" + std::to_string(i) + "]";
    Origin o = origin;
    if (e.Mark().line >= 0 && origin.line > 0) o.line = origin.line + e.Mark().line;
    if (!e.IsMap()) {
      out.push_back(config_finding(o, path, "must be an object"));
      continue;
    }
    Repository r;
    r.credentials = config.credentials;
    r.origin = o;
    r.overrides = Doc::map();
    int blocks = 0;
    for (const auto& kv : e.entries()) {
      const std::string& k = kv.first.Scalar();
      const std::string kp = path + "." + k;
      auto spec = std::find_if(backend_specs().begin(), backend_specs().end(),
                               [&](const BackendSpec& s) { return k == s.key; });
      if (k == "name") {
        r.name = scalar(kv.second);
        if (auto err = dns1123_label_error(r.name)) out.push_back(config_finding(o, kp, "\"" + r.name + "\": " + *err));
      } else if (k == "primary") {
        if (scalar(kv.second) != "true" && scalar(kv.second) != "false")
          out.push_back(config_finding(o, kp, "must be true or false"));
        r.primary = scalar(kv.second) == "true";
      } else if (k == "credentials") {
        parse_credentials_node(kv.second, o, r.credentials, out);
      } else if (k == "schedule" || k == "retain" || k == "pruneIntervalDays" || k == "mover") {
        r.overrides.set(k, kv.second);
      } else if (spec != backend_specs().end()) {
        ++blocks;
        if (spec->backend == B::kUrl) {
          r.url = scalar(kv.second);
          if (r.url.empty()) out.push_back(config_finding(o, kp, "must be a restic repository string"));
        } else {
          parse_block(*spec, kv.second, kp, o, r, out);
        }
      } else {
        out.push_back(config_finding(o, kp, "unknown field \"" + k + "\"",
                                   "a repository has name, primary, one of url/s3/b2/azure/gcs/rest/local, "
                                   "credentials, schedule, retain, pruneIntervalDays, mover"));
      }
    }
    // existing: the user's Secret holds RESTIC_REPOSITORY, so a backend block would only be ignored.
    const bool existing = r.credentials.mode == Credentials::Mode::kExisting;
    if (blocks > 1 || (blocks == 0 && !existing))
      out.push_back(config_finding(o, path, "a repository needs exactly one of url, s3, b2, azure, gcs, rest, local"));
    if (r.name.empty() && list.size() > 1)
      out.push_back(config_finding(o, path + ".name", "repositories need names when there is more than one",
                                 "the name is the suffix of the per-repository objects: <pvc>-backup-<name>"));
    if (!r.name.empty() && !names.insert(r.name).second)
      out.push_back(config_finding(o, path + ".name", "duplicate repository name \"" + r.name + "\""));
    primaries += r.primary ? 1 : 0;
    config.repositories.push_back(std::move(r));
  }
  if (primaries > 1) out.push_back(config_finding(origin, "spec.repositories", "more than one repository is primary"));
  if (primaries == 0 && !config.repositories.empty()) config.repositories.front().primary = true;
  return out.size() == before;
}

}  // namespace vg
