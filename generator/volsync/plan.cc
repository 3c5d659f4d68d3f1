#include "volsync/plan.h"

#include <algorithm>

#include "volsync/argocd.h"
#include "yaml/emit.h"
#include "krm/object.h"
#include "krm/names.h"
#include "krm/quantity.h"
#include "volsync/naming.h"
#include "volsync/plan_names.h"
#include "volsync/kopia_plan.h"
#include "volsync/schedule.h"

namespace vg {
namespace {

const std::string* find_kv(const std::vector<std::pair<std::string, std::string>>& kvs,
                           std::string_view key) {
  for (const auto& kv : kvs)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

bool errors_since(const Findings& f, std::size_t from) {
  return std::any_of(f.begin() + static_cast<std::ptrdiff_t>(from), f.end(),
                     [](const Finding& x) { return x.severity == Severity::kError; });
}

bool is_preset(std::string_view v) {
  const auto& p = schedule_presets();
  return std::find(p.begin(), p.end(), v) != p.end();
}

// Repository schemes restic knows; those in `bucket:path` form take the per-PVC path after a colon.
struct Scheme {
  std::string_view prefix;
  bool colon_path;  // b2:bucket:path, azure:container:/path, gs:bucket:/path
};
constexpr Scheme kSchemes[] = {
    {"s3:", false}, {"rest:", false}, {"b2:", true},     {"azure:", true},
    {"gs:", true},  {"swift:", true}, {"rclone:", true}, {"sftp:", false},
};

}  // namespace

bool read_pvc(const Doc& pvc, const Origin& origin, PvcFacts& out, Findings& findings) {
  out = PvcFacts{};
  out.origin = origin;
  out.name = origin.resource.name;
  out.namespace_ = origin.resource.namespace_;
  const std::size_t before = findings.size();
  // Only the keys `keep` wants, and no room for others: the facts of every PVC stay until its plan is
  // made, and kpt's five bookkeeping annotations alone took 3 MB at 10 000 PVCs.
  auto read_map = [&](const Doc& m, const char* field, std::vector<std::pair<std::string, std::string>>& dst,
                      auto keep) {
    if (!m || m.IsNull()) return;
    if (!m.IsMap()) {
      findings.push_back(pvc_finding(out, "pvc", field, "must be an object"));
      return;
    }
    dst.reserve(static_cast<std::size_t>(
        std::count_if(m.entries().begin(), m.entries().end(), [&](const DocEntry& kv) { return keep(kv.first.Scalar()); })));
    for (const auto& kv : m.entries()) {
      // The API server stores a null label or annotation value as "" (a map of strings), so a PVC
      // with `example.com/note: null` is no error; the value is then checked as "".
      if (!kv.second.IsNull() && !kv.second.IsScalar()) {
        findings.push_back(pvc_finding(out, "pvc", std::string(field) + "[" + kv.first.Scalar() + "]",
                                       "must be a string"));
        continue;
      }
      if (keep(kv.first.Scalar())) dst.emplace_back(kv.first.Scalar(), kv.second.IsNull() ? std::string() : kv.second.Scalar());
    }
  };
  const Doc& meta = pvc["metadata"];
  if (meta.IsMap()) {
    read_map(meta["labels"], "metadata.labels", out.labels, [](const std::string&) { return true; });
    read_map(meta["annotations"], "metadata.annotations", out.annotations, [](const std::string& key) {
      return key.rfind(kAnnotationPrefix, 0) == 0 || key == kArgoSyncWaveAnnotation;
    });
  }
  const Doc& spec = pvc["spec"];
  if (spec.IsMap()) {
    for (const Doc& m : spec["accessModes"].items())
      if (m.IsScalar()) out.access_modes.push_back(m.Scalar());
    const Doc& storage = spec.at({"resources", "requests", "storage"});
    if (storage.IsScalar()) out.storage = storage.Scalar();
    const Doc& sc = spec["storageClassName"];
    if (sc.IsScalar()) out.storage_class = sc.Scalar();
    const Doc& ref = spec["dataSourceRef"];
    if (ref.IsMap()) {
      out.data_source_ref_group = ref["apiGroup"].IsScalar() ? ref["apiGroup"].Scalar() : "";
      out.data_source_ref_kind = ref["kind"].IsScalar() ? ref["kind"].Scalar() : "";
      out.data_source_ref_name = ref["name"].IsScalar() ? ref["name"].Scalar() : "";
    }
    out.has_data_source = static_cast<bool>(spec["dataSource"]);
  }
  return findings.size() == before;
}

std::string join_repository(std::string_view base, std::string_view ns, std::string_view pvc) {
  return join_repository_path(base, std::string(ns) + "/" + std::string(pvc));
}

std::string join_repository_path(std::string_view base, std::string_view path) {
  std::string b(base);
  while (!b.empty() && b.back() == '/') b.pop_back();
  const std::string tail(path);
  for (const auto& s : kSchemes) {
    if (b.rfind(s.prefix, 0) != 0 || !s.colon_path) continue;
    // "b2:bucket" has no path yet: restic wants "b2:bucket:ns/pvc".
    std::string_view rest = std::string_view(b).substr(s.prefix.size());
    if (rest.find(':') == std::string_view::npos) return b + ":/" + tail;
    if (b.back() == ':') return b + "/" + tail;
    return b + "/" + tail;
  }
  return b + "/" + tail;
}

std::optional<std::string> repository_error(std::string_view base) {
  if (base.empty()) return "the repository is empty";
  if (base.front() == '/') return std::nullopt;  // local path, e.g. an NFS share in moverVolumes
  for (const auto& s : kSchemes)
    if (base.rfind(s.prefix, 0) == 0) {
      if (base.size() == s.prefix.size()) return "\"" + std::string(base) + "\" names no location";
      return std::nullopt;
    }
  if (base.rfind("http://", 0) == 0 || base.rfind("https://", 0) == 0)
    return "\"" + std::string(base) + "\" is a URL without a restic scheme; for S3 write s3:" +
           std::string(base);
  return "\"" + std::string(base) +
         "\" is not a restic repository (s3:, b2:, azure:, gs:, swift:, rest:, rclone:, sftp: or /path)";
}

bool pvc_selected(const PvcFacts& pvc, const Config& config) {
  const std::string prefix(kAnnotationPrefix);
  const std::string* backup_ann = find_kv(pvc.annotations, prefix + "backup");
  if (backup_ann) return *backup_ann != "false";  // explicit opt-out wins over the label
  bool has_prefixed = std::any_of(pvc.annotations.begin(), pvc.annotations.end(),
                                  [&](const auto& kv) { return kv.first.rfind(prefix, 0) == 0; });
  if (has_prefixed) return true;
  const std::string* label = find_kv(pvc.labels, config.selector_label);
  return label && *label != "false" && *label != "none" && *label != "disabled";
}

std::string repository_url(const Repository& r, const std::string& url_base, std::string_view ns,
                           std::string_view pvc) {
  return repository_url_at(r, url_base, std::string(ns) + "/" + std::string(pvc));
}

std::string repository_url_at(const Repository& r, const std::string& url_base, std::string_view path) {
  using B = Repository::Backend;
  const std::string tail = (r.prefix.empty() ? std::string() : r.prefix + "/") + std::string(path);
  auto trim = [](std::string v) {
    while (!v.empty() && v.back() == '/') v.pop_back();
    return v;
  };
  switch (r.backend) {
    case B::kUrl: return url_base.empty() ? std::string() : join_repository_path(url_base, path);
    case B::kS3: return "s3:" + trim(r.endpoint.empty() ? "s3.amazonaws.com" : r.endpoint) + "/" + r.bucket + "/" + tail;
    case B::kB2: return "b2:" + r.bucket + ":" + tail;
    case B::kAzure: return "azure:" + r.bucket + ":/" + tail;
    case B::kGcs: return "gs:" + r.bucket + ":/" + tail;
    case B::kRest: return "rest:" + trim(r.url) + "/" + tail;
    case B::kLocal: return "/mnt/" + r.mount_path + "/" + tail;
  }
  return {};
}

namespace {

Doc mover_volumes_for(const Repository& r) {
  if (r.backend != Repository::Backend::kLocal) return Doc();
  Doc vol = Doc::map();
  vol.set("mountPath", Doc::string(r.mount_path));
  Doc& src = vol.set("volumeSource", Doc::map());
  if (!r.nfs_server.empty()) {
    Doc& nfs = src.set("nfs", Doc::map());
    nfs.set("server", Doc::string(r.nfs_server));
    nfs.set("path", Doc::string(r.nfs_path));
  } else {
    src.set("persistentVolumeClaim", Doc::map()).set("claimName", Doc::string(r.pvc));
  }
  Doc list = Doc::sequence();
  list.push_back(std::move(vol));
  return list;
}

// "schedule" or "schedule.offsite": an annotation for every repository or for one.
bool annotation_applies(std::string_view key, std::string_view repo, std::string_view& base) {
  auto dot = key.find('.');
  if (dot == std::string_view::npos) {
    base = key;
    return true;
  }
  base = key.substr(0, dot);
  return key.substr(dot + 1) == repo;
}

// The length problem of a generated name (its characters are the base name's, checked once):
// ReplicationSource/Destination names feed Job names and labels, Secret names are subdomains.
std::optional<std::string> length_error(const std::string& n, bool replication) {
  const std::size_t max = replication ? 63 : 253;
  const std::string size = "is " + std::to_string(n.size()) + " characters";
  if (n.size() > max) return size + ": must be no more than " + std::to_string(max) + " characters";
  if (replication && n.size() > kMaxReplicationNameLength)
    return size + "; VolSync derives Job names volsync-src-<name> that must fit 63, so at most " +
           std::to_string(kMaxReplicationNameLength);
  return std::nullopt;
}

// The base name starts every generated name: the PVC's own (a subdomain, which may hold '.') or the
// name annotation. It must be a DNS-1123 label so that ReplicationSource names are. False when not.
bool check_base_name(const BackupPlan& plan, bool by_annotation, const std::string& field, Findings& findings) {
  const PvcFacts& pvc = plan.pvc;
  if (pvc.name.empty()) {
    findings.push_back(pvc_finding(pvc, "pvc", "metadata.name", "the PVC has no name",
                                   "set metadata.name (the API server refuses an object without one)"));
    return false;
  }
  if (is_dns1123_label(plan.base_name)) return true;
  const std::string what = by_annotation ? std::string(kAnnotationPrefix) + "name" : std::string("the PVC name");
  std::string msg = what + " \"" + plan.base_name + "\" cannot start the generated names: " +
                    *dns1123_label_error(plan.base_name);
  findings.push_back(pvc_finding(pvc, "name-invalid", field, std::move(msg),
                                 "set the annotation " + std::string(kAnnotationPrefix) +
                                     "name to a base name of lower case letters, digits and '-'"));
  return false;
}

void check_name_length(const PvcFacts& pvc, const char* kind, const std::string& name, bool replication,
                       const std::string& field, Findings& findings) {
  if (auto err = length_error(name, replication))
    findings.push_back(pvc_finding(pvc, "name-length", field,
                                   "generated " + std::string(kind) + " name " + name + " " + *err,
                                   "set the annotation " + std::string(kAnnotationPrefix) +
                                       "name to a shorter base name"));
}

}  // namespace

std::string plan_base_name(const PvcFacts& pvc) {
  const std::string* name_ann = find_kv(pvc.annotations, std::string(kAnnotationPrefix) + "name");
  return name_ann ? *name_ann : pvc.name;
}

std::string rd_name_for(std::string_view base) { return std::string(base) + "-restore"; }

std::string rs_name_for(std::string_view base, const Repository& repo) {
  return std::string(base) + "-backup" + (repo.name.empty() ? "" : "-" + repo.name);
}

std::string secret_name_for(std::string_view base, const Repository& repo) {
  const std::string suffix = !repo.credentials.secret_suffix.empty() ? repo.credentials.secret_suffix
                             : repo.name.empty()                     ? std::string("volsync-secret")
                                                                     : "volsync-" + repo.name;
  return std::string(base) + "-" + suffix;
}

std::optional<BackupPlan> plan_pvc(const PvcFacts& pvc, const Config& config,
                                   const std::vector<std::string>& url_bases, Findings& findings) {
  const std::string prefix(kAnnotationPrefix);
  const std::string* backup_ann = find_kv(pvc.annotations, prefix + "backup");
  const std::string* label = find_kv(pvc.labels, config.selector_label);
  const std::size_t before = findings.size();

  BackupPlan plan;
  plan.pvc = pvc;
  const std::string* name_ann = find_kv(pvc.annotations, prefix + "name");
  plan.base_name = plan_base_name(pvc);
  const std::string name_field = name_ann ? "metadata.annotations[" + prefix + "name]" : "metadata.name";
  // The base name must be a label only where a name is built from it (naming.h).
  const bool uses_base = std::any_of(config.repositories.begin(), config.repositories.end(),
                                     [&](const Repository& r) { return naming_uses_base(naming_for(pvc, config, r)); });
  const bool base_ok = !uses_base || check_base_name(plan, name_ann != nullptr, name_field, findings);

  // Unknown repository suffixes on annotations are typos worth an error.
  for (const auto& [key, value] : pvc.annotations) {
    if (key.rfind(prefix, 0) != 0) continue;
    std::string_view k = std::string_view(key).substr(prefix.size());
    auto dot = k.find('.');
    if (dot == std::string_view::npos) continue;
    std::string_view repo = k.substr(dot + 1);
    bool known = std::any_of(config.repositories.begin(), config.repositories.end(),
                             [&](const Repository& r) { return !r.name.empty() && r.name == repo; });
    if (!known)
      findings.push_back(pvc_finding(pvc, "annotation", "metadata.annotations[" + key + "]",
                                     "no repository named \"" + std::string(repo) + "\" in the configuration"));
  }

  for (std::size_t ri = 0; ri < config.repositories.size(); ++ri) {
    const Repository& repo = config.repositories[ri];
    RepoPlan rp;
    rp.repo_index = ri;
    rp.settings = config.defaults;
    Origin ro = repo.origin;
    for (const auto& kv : repo.overrides.entries())
      apply_setting_node(kv.first.Scalar(), kv.second, ro, rp.settings, findings);

    // The schedule: label backup=<preset> < annotation backup=<schedule> < schedule annotations.
    if (label && !backup_ann) {
      if (*label == "false" || *label == "none" || *label == "disabled") {
        // selected through a volsync-gen.io/ annotation instead: the label says nothing
      } else if (*label != "true" && !is_preset(*label)) {
        if (ri == 0) {
          std::string presets;
          for (auto p : schedule_presets()) presets += (presets.empty() ? "" : ", ") + std::string(p);
          findings.push_back(pvc_finding(pvc, "selection", "metadata.labels[" + config.selector_label + "]",
                                         "label " + config.selector_label + "=" + *label +
                                             " is not a schedule preset (" + presets + ")",
                                         "use a preset, or annotate " + prefix + "schedule with a cron expression"));
        }
      } else if (*label != "true" && !repo.overrides["schedule"]) {
        rp.settings.schedule = *label;
      }
    }
    Findings scratch;  // annotation errors are reported once, for the first repository
    Findings& sink = ri == 0 ? findings : scratch;
    if (backup_ann && *backup_ann != "true") apply_annotation("schedule", *backup_ann, pvc.origin, rp.settings, sink);
    for (int pass = 0; pass < 2; ++pass)  // unsuffixed first, then .<repo> ones win
      for (const auto& [key, value] : pvc.annotations) {
        if (key.rfind(prefix, 0) != 0) continue;
        std::string_view k = std::string_view(key).substr(prefix.size()), base;
        if (k == "backup" || k == "name") continue;
        bool suffixed = k.find('.') != std::string_view::npos;
        if (suffixed != (pass == 1) || !annotation_applies(k, repo.name, base)) continue;
        apply_annotation(base, value, pvc.origin, rp.settings, suffixed ? findings : sink);
      }

    plan_repo_names(plan, rp, repo, ri < url_bases.size() ? url_bases[ri] : std::string(), findings);
    check_external_secret_overrides(pvc, rp, repo, findings);
    if (base_ok && rp.settings.naming.source.empty())
      check_name_length(pvc, "ReplicationSource", rp.rs_name, true, name_field, findings);
    if (base_ok && rp.settings.naming.secret.empty())
      check_name_length(pvc, "Secret", rp.secret_name, false, name_field, findings);
    rp.mover_volumes = mover_volumes_for(repo);
    plan_mover(pvc, repo, ri < url_bases.size() ? url_bases[ri] : std::string(), rp, findings);
    const std::string seed = pvc.namespace_ + "/" + pvc.name + (repo.name.empty() ? "" : "/" + repo.name);
    auto sched = resolve_schedule(rp.settings.schedule, seed,
                                  SpreadWindow{config.spread_first_hour, config.spread_last_hour});
    if (const auto* r = std::get_if<ResolvedSchedule>(&sched)) {
      rp.schedule = r->cron;
      rp.schedule_from_preset = r->from_preset;
    }  // an invalid schedule was reported where it was set
    if (repo.primary) plan.primary = plan.repos.size();
    plan.repos.push_back(std::move(rp));
  }
  if (plan.repos.empty()) return std::nullopt;
  plan.settings = plan.primary_repo().settings;
  const Settings& s = plan.settings;

  // Requirements of the objects we generate.
  if (pvc.namespace_.empty())
    findings.push_back(pvc_finding(pvc, "pvc-namespace", "metadata.namespace",
                                   "the PVC has no namespace; its repository path and objects need one",
                                   "set metadata.namespace (kustomize: namespace:) on the PVC"));
  if (pvc.storage.empty())
    findings.push_back(pvc_finding(pvc, "pvc-capacity", "spec.resources.requests.storage",
                                   "the PVC has no storage request; the restore needs its capacity"));
  else if (auto err = capacity_error(pvc.storage))
    findings.push_back(pvc_finding(pvc, "pvc-capacity", "spec.resources.requests.storage",
                                   "storage request " + *err));
  if (pvc.access_modes.empty())
    findings.push_back(pvc_finding(pvc, "pvc-access-modes", "spec.accessModes",
                                   "the PVC has no accessModes; the restore needs them"));

  // Restore modes: never over live data unless asked.
  const std::string mode = s.restore_mode;
  plan_destination_name(plan, config, mode != "none", findings);
  if (mode != "none" && base_ok && s.naming.destination.empty())
    check_name_length(pvc, "ReplicationDestination", plan.rd_name, true, name_field, findings);
  if (mode == "none" && s.skip_restore_reason.empty())
    findings.push_back(pvc_finding(pvc, "skip-restore", "metadata.annotations[" + prefix + "skip-restore-reason]",
                                   "restore is skipped but no reason is given",
                                   "annotate " + prefix + "skip-restore-reason with why this PVC never needs a restore"));
  if (mode == "bootstrap") {
    if (s.restore_copy_method != "Snapshot")
      findings.push_back(pvc_finding(pvc, "bootstrap", "metadata.annotations[" + prefix + "restore-copy-method]",
                                     "bootstrap restores through VolSync's volume populator, which needs copyMethod Snapshot"));
    const bool ours = pvc.data_source_ref_group == "volsync.backube" &&
                      pvc.data_source_ref_kind == "ReplicationDestination" && pvc.data_source_ref_name == plan.rd_name;
    if (!ours && (!pvc.data_source_ref_kind.empty() || pvc.has_data_source))
      findings.push_back(pvc_finding(pvc, "bootstrap", "spec.dataSourceRef",
                                     "the PVC already has a data source; bootstrap would replace it",
                                     "remove it, or use restore: snapshot or manual for this PVC"));
    plan.patch_data_source = !ours;
  }
  if (mode != "manual" && !s.restore_now.empty())
    findings.push_back(pvc_finding(pvc, "restore-now", "metadata.annotations[" + prefix + "restore-now]",
                                   "restore-now only applies to restore mode manual"));
  if (!pvc.storage.empty() && is_quantity(pvc.storage)) {
    auto cache = quantity_value(s.cache_capacity), size = quantity_value(pvc.storage);
    // The fraction is a double (0.05 is slightly above 1/20): without the tolerance a cache of
    // exactly 5% would be reported as under 5%.
    const long double min_cache = size ? *size * static_cast<long double>(config.cache_min_fraction) : 0;
    if (cache && size && *size > 0 && *cache < min_cache * (1 - 1e-9L)) {
      Finding f = pvc_finding(pvc, "cache-small", "metadata.annotations[" + prefix + "cache-capacity]",
                              s.mover + " cache " + s.cache_capacity + " is under " +
                                  std::to_string(static_cast<int>(config.cache_min_fraction * 100 + 0.5)) +
                                  "% of the PVC's " + pvc.storage + "; large backups may run slowly or fail",
                              "raise " + prefix + "cache-capacity (the cache is sized independently of the PVC)");
      f.severity = Severity::kWarning;
      findings.push_back(f);
    }
  }
  if (errors_since(findings, before)) return std::nullopt;
  return plan;
}

Finding pvc_finding(const PvcFacts& p, std::string rule, std::string field, std::string msg, std::string hint) {
  return Finding{.rule = std::move(rule),
                 .message = std::move(msg),
                 .resource = p.origin.resource,
                 .field = std::move(field),
                 .file = p.origin.file,
                 .line = p.origin.line,
                 .hint = std::move(hint)};
}

}  // namespace vg
