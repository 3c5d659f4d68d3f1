#include "generate.h"

#include "emit.h"
#include "item.h"

namespace vg {
namespace {

YAML::Node string_list(const std::vector<std::string>& v) {
  YAML::Node n(YAML::NodeType::Sequence);
  for (const auto& s : v) n.push_back(str_node(s));
  return n;
}

YAML::Node optional_str(const std::string& s) { return s.empty() ? YAML::Node() : str_node(s); }

// Where kpt writes a new object: next to the PVC's file, one file per PVC.
std::string kpt_path_for(const BackupPlan& plan) {
  const std::string& p = plan.pvc.origin.file;
  if (p.empty()) return {};
  auto slash = p.rfind('/');
  std::string dir = slash == std::string::npos ? "" : p.substr(0, slash + 1);
  return dir + "volsync-" + plan.pvc.name + ".yaml";
}

// Identity and bookkeeping are set by code, not templates: a user template cannot break re-runs.
void stamp(YAML::Node& obj, const std::string& name, const BackupPlan& plan, int index) {
  YAML::Node meta = obj["metadata"];
  if (!meta || !meta.IsMap()) {
    obj["metadata"] = YAML::Node(YAML::NodeType::Map);
    meta.reset(obj["metadata"]);
  }
  meta["name"] = str_node(name);
  meta["namespace"] = str_node(plan.pvc.namespace_);
  YAML::Node ann = meta["annotations"];
  if (!ann || !ann.IsMap()) {
    meta["annotations"] = YAML::Node(YAML::NodeType::Map);
    ann.reset(meta["annotations"]);
  }
  ann[kSourcePvcAnnotation] = str_node(plan.pvc.name);
  const std::string path = kpt_path_for(plan);
  if (!path.empty()) {
    ann["internal.config.kubernetes.io/path"] = str_node(path);
    ann["internal.config.kubernetes.io/index"] = str_node(std::to_string(index));
    ann["config.kubernetes.io/path"] = str_node(path);
    ann["config.kubernetes.io/index"] = str_node(std::to_string(index));
  }
}

}  // namespace

std::string api_group(std::string_view api_version) {
  auto slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(api_version.substr(0, slash));
}

std::string object_identity(std::string_view api_version, std::string_view kind, std::string_view ns,
                            std::string_view name) {
  return api_group(api_version) + "/" + std::string(kind) + "/" + std::string(ns) + "/" + std::string(name);
}

std::string Generated::identity() const {
  return object_identity(ref.api_version, ref.kind, ref.namespace_, ref.name);
}

Vars plan_variables(const BackupPlan& plan, const SourceCredentials& creds) {
  const Settings& s = plan.settings;
  Vars v;
  v["namespace"] = str_node(plan.pvc.namespace_);
  v["pvc.name"] = str_node(plan.pvc.name);
  v["secret.name"] = str_node(plan.secret_name);
  v["secret.data"] = secret_data(creds, plan.repository);
  v["rs.name"] = str_node(plan.rs_name);
  v["rd.name"] = str_node(plan.rd_name);
  v["schedule"] = str_node(plan.schedule);
  v["copyMethod"] = str_node(s.copy_method);
  v["restoreCopyMethod"] = str_node(s.restore_copy_method);
  v["restoreTrigger"] = str_node(s.restore_trigger);
  v["pruneIntervalDays"] = int_node(s.prune_interval_days);
  v["retain"] = s.retain.to_node();
  v["storageClassName"] = optional_str(s.storage_class);
  // The restored volume should land where the PVC lives unless a class is configured.
  v["restoreStorageClassName"] = optional_str(!s.storage_class.empty() ? s.storage_class : plan.pvc.storage_class);
  v["volumeSnapshotClassName"] = optional_str(s.snapshot_class);
  v["cacheCapacity"] = str_node(s.cache_capacity);
  v["cacheStorageClassName"] = optional_str(s.cache_storage_class);
  v["cacheAccessModes"] = s.cache_access_modes.empty() ? YAML::Node() : string_list(s.cache_access_modes);
  v["moverSecurityContext"] = s.effective_security_context();
  v["accessModes"] = string_list(plan.pvc.access_modes);
  v["capacity"] = str_node(plan.pvc.storage);
  return v;
}

bool generate_objects(const std::vector<BackupPlan>& plans, const SourceCredentials& creds,
                      const TemplateSet& templates, std::vector<Generated>& out, Findings& findings) {
  bool ok = true;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const BackupPlan& plan = plans[i];
    const Vars vars = plan_variables(plan, creds);
    struct Want {
      const Template* t;
      const std::string* name;
      const char* api_version;
      const char* kind;
    };
    // Restore before backup: the order appliers and readers see them in.
    const Want wants[] = {
        {&templates.secret, &plan.secret_name, "v1", "Secret"},
        {&templates.replication_destination, &plan.rd_name, "volsync.backube/v1alpha1", "ReplicationDestination"},
        {&templates.replication_source, &plan.rs_name, "volsync.backube/v1alpha1", "ReplicationSource"},
    };
    int index = 0;
    for (const auto& w : wants) {
      const std::size_t before = findings.size();
      auto node = expand(*w.t, vars, findings);
      if (!node) {
        for (auto it = findings.begin() + static_cast<std::ptrdiff_t>(before); it != findings.end(); ++it)
          it->message += " (expanding for PVC " + plan.pvc.namespace_ + "/" + plan.pvc.name + ")";
        ok = false;
        continue;
      }
      const YAML::Node& n = *node;
      std::string api = n["apiVersion"] && n["apiVersion"].IsScalar() ? n["apiVersion"].Scalar() : "";
      std::string kind = n["kind"] && n["kind"].IsScalar() ? n["kind"].Scalar() : "";
      if (api != w.api_version || kind != w.kind) {
        findings.push_back({Severity::kError, "template",
                            std::string("template must produce ") + w.api_version + " " + w.kind +
                                ", not " + api + " " + kind,
                            {}, "", w.t->source, 0, ""});
        ok = false;
        continue;
      }
      stamp(*node, *w.name, plan, index++);
      Generated g;
      g.ref = {api, kind, *w.name, plan.pvc.namespace_};
      g.node = *node;
      g.plan_index = i;
      out.push_back(std::move(g));
    }
  }
  return ok;
}

}  // namespace vg
