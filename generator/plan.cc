#include "plan.h"

#include <algorithm>

#include "item.h"
#include "names.h"
#include "quantity.h"
#include "schedule.h"

namespace vg {
namespace {

Finding pvc_finding(const PvcFacts& p, std::string rule, std::string field, std::string msg,
                    std::string hint = {}) {
  Finding f;
  f.rule = std::move(rule);
  f.resource = p.origin.resource;
  f.file = p.origin.file;
  f.line = p.origin.line;
  f.field = std::move(field);
  f.message = std::move(msg);
  f.hint = std::move(hint);
  return f;
}

const std::string* find_kv(const std::vector<std::pair<std::string, std::string>>& kvs,
                           std::string_view key) {
  for (const auto& kv : kvs)
    if (kv.first == key) return &kv.second;
  return nullptr;
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

bool read_pvc(const YAML::Node& pvc, const Origin& origin, PvcFacts& out, Findings& findings) {
  out = PvcFacts{};
  out.origin = origin;
  out.name = origin.resource.name;
  out.namespace_ = origin.resource.namespace_;
  const std::size_t before = findings.size();
  auto read_map = [&](const YAML::Node& m, const char* field,
                      std::vector<std::pair<std::string, std::string>>& dst) {
    if (!m || m.IsNull()) return;
    if (!m.IsMap()) {
      findings.push_back(pvc_finding(out, "pvc", field, "must be an object"));
      return;
    }
    for (const auto& kv : m) {
      if (!kv.second.IsScalar()) {
        findings.push_back(pvc_finding(out, "pvc", std::string(field) + "[" + kv.first.Scalar() + "]",
                                       "must be a string"));
        continue;
      }
      dst.emplace_back(kv.first.Scalar(), kv.second.Scalar());
    }
  };
  const YAML::Node meta = pvc["metadata"];
  if (meta && meta.IsMap()) {
    read_map(meta["labels"], "metadata.labels", out.labels);
    read_map(meta["annotations"], "metadata.annotations", out.annotations);
  }
  const YAML::Node spec = pvc["spec"];
  if (spec && spec.IsMap()) {
    const YAML::Node modes = spec["accessModes"];
    if (modes && modes.IsSequence())
      for (const auto& m : modes)
        if (m.IsScalar()) out.access_modes.push_back(m.Scalar());
    const YAML::Node storage = child(spec, {"resources", "requests", "storage"});
    if (storage && storage.IsScalar()) out.storage = storage.Scalar();
    const YAML::Node sc = spec["storageClassName"];
    if (sc && sc.IsScalar()) out.storage_class = sc.Scalar();
  }
  return findings.size() == before;
}

std::string join_repository(std::string_view base, std::string_view ns, std::string_view pvc) {
  std::string b(base);
  while (!b.empty() && b.back() == '/') b.pop_back();
  const std::string tail = std::string(ns) + "/" + std::string(pvc);
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

std::optional<BackupPlan> plan_pvc(const PvcFacts& pvc, const Config& config,
                                   const std::string& base_repository, Findings& findings) {
  const std::string prefix(kAnnotationPrefix);
  const std::string* backup_ann = find_kv(pvc.annotations, prefix + "backup");
  const std::string* label = find_kv(pvc.labels, config.selector_label);

  BackupPlan plan;
  plan.pvc = pvc;
  plan.settings = config.defaults;
  const std::size_t before = findings.size();

  // The schedule: annotation backup=<schedule> > label backup=<preset> > config default;
  // volsync-gen.io/schedule overrides either.
  if (label && !backup_ann) {
    if (*label == "false" || *label == "none" || *label == "disabled") {
      // selected through a volsync-gen.io/ annotation instead: the label says nothing
    } else if (*label != "true" && !is_preset(*label)) {
      std::string presets;
      for (auto p : schedule_presets()) presets += (presets.empty() ? "" : ", ") + std::string(p);
      findings.push_back(pvc_finding(pvc, "selection", "metadata.labels[" + config.selector_label + "]",
                                     "label " + config.selector_label + "=" + *label +
                                         " is not a schedule preset (" + presets + ")",
                                     "use a preset, or annotate " + prefix + "schedule with a cron expression"));
    } else if (*label != "true") {
      plan.settings.schedule = *label;
    }
  }
  if (backup_ann && *backup_ann != "true") {
    Origin o = pvc.origin;
    apply_annotation("schedule", *backup_ann, o, plan.settings, findings);
  }
  for (const auto& [key, value] : pvc.annotations) {
    if (key.rfind(prefix, 0) != 0) continue;
    std::string_view k = std::string_view(key).substr(prefix.size());
    if (k == "backup" || k == "name") continue;
    apply_annotation(k, value, pvc.origin, plan.settings, findings);
  }

  // Requirements of the objects we generate.
  if (pvc.namespace_.empty())
    findings.push_back(pvc_finding(pvc, "pvc-namespace", "metadata.namespace",
                                   "the PVC has no namespace; its repository path and objects need one",
                                   "set metadata.namespace (kustomize: namespace:) on the PVC"));
  if (pvc.storage.empty())
    findings.push_back(pvc_finding(pvc, "pvc-capacity", "spec.resources.requests.storage",
                                   "the PVC has no storage request; the restore needs its capacity"));
  else if (!is_quantity(pvc.storage))
    findings.push_back(pvc_finding(pvc, "pvc-capacity", "spec.resources.requests.storage",
                                   "\"" + pvc.storage + "\" is not a Kubernetes quantity"));
  if (pvc.access_modes.empty())
    findings.push_back(pvc_finding(pvc, "pvc-access-modes", "spec.accessModes",
                                   "the PVC has no accessModes; the restore needs them"));

  const std::string* name_ann = find_kv(pvc.annotations, prefix + "name");
  plan.base_name = name_ann ? *name_ann : pvc.name;
  plan.secret_name = plan.base_name + "-volsync-secret";
  plan.rs_name = plan.base_name + "-backup";
  plan.rd_name = plan.base_name + "-restore";
  for (const std::string* n : {&plan.rs_name, &plan.rd_name}) {
    std::optional<std::string> err = dns1123_label_error(*n);
    if (!err && n->size() > kMaxReplicationNameLength)
      err = "is " + std::to_string(n->size()) + " characters; VolSync derives Job names volsync-src-<name> "
            "that must fit 63, so at most " + std::to_string(kMaxReplicationNameLength);
    if (err)
      findings.push_back(pvc_finding(pvc, "name-length", name_ann ? "metadata.annotations[" + prefix + "name]"
                                                                   : "metadata.name",
                                     "generated name " + *n + " " + *err,
                                     "set the annotation " + prefix + "name to a shorter base name"));
  }
  if (auto err = dns1123_subdomain_error(plan.secret_name))
    findings.push_back(pvc_finding(pvc, "name-length", "metadata.name",
                                   "generated Secret name " + plan.secret_name + ": " + *err,
                                   "set the annotation " + prefix + "name to a shorter base name"));

  plan.repository = join_repository(base_repository, pvc.namespace_, pvc.name);
  auto sched = resolve_schedule(plan.settings.schedule, pvc.namespace_ + "/" + pvc.name,
                                SpreadWindow{config.spread_first_hour, config.spread_last_hour});
  if (auto* e = std::get_if<CronError>(&sched)) {
    // Already reported when the annotation was applied; a bad config default is reported once there too.
    (void)e;
  } else {
    const auto& r = std::get<ResolvedSchedule>(sched);
    plan.schedule = r.cron;
    plan.schedule_from_preset = r.from_preset;
  }
  if (findings.size() != before) {
    bool any_error = std::any_of(findings.begin() + static_cast<std::ptrdiff_t>(before), findings.end(),
                                 [](const Finding& f) { return f.severity == Severity::kError; });
    if (any_error) return std::nullopt;
  }
  return plan;
}

}  // namespace vg
