#include "generate.h"

#include <cctype>

#include "argocd.h"
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

// ESO templates are Go templates: `.KEY` works for identifier keys, `index . "KEY"` for others.
std::string eso_ref(const std::string& key) {
  bool ident = !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_');
  for (char c : key) ident = ident && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return ident ? "{{ ." + key + " }}" : "{{ index . \"" + key + "\" }}";
}

void external_secret_vars(Vars& v, const Repository& repo, const RepoPlan& rp) {
  const Credentials& c = repo.credentials;
  std::vector<std::string> keys = {"RESTIC_PASSWORD"};
  const BackendKeys bk = backend_keys(repo, rp.repository);
  for (const auto& k : bk.all_of) keys.push_back(k);
  for (const auto& group : bk.one_of) keys.push_back(group.front());
  for (const auto& [k, p] : c.properties)
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  YAML::Node data(YAML::NodeType::Map);
  // The repository path is not a secret: it is written literally, one per PVC.
  data["RESTIC_REPOSITORY"] = str_node(rp.repository);
  for (const auto& k : keys) data[k] = str_node(eso_ref(k));
  if (repo.backend == Repository::Backend::kS3 && !repo.region.empty())
    data["AWS_DEFAULT_REGION"] = str_node(repo.region);
  v["es.apiVersion"] = str_node(c.eso_api_version);
  v["es.refreshInterval"] = str_node(c.refresh_interval);
  v["es.storeKind"] = str_node(c.store_kind);
  v["es.storeName"] = str_node(c.store_name);
  v["es.templateData"] = data;
  if (c.properties.empty()) {
    YAML::Node from(YAML::NodeType::Sequence), extract(YAML::NodeType::Map), e(YAML::NodeType::Map);
    e["key"] = str_node(c.remote_key);
    extract["extract"] = e;
    from.push_back(extract);
    v["es.dataFrom"] = from;
  } else {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& [k, p] : c.properties) {
      YAML::Node item(YAML::NodeType::Map), ref(YAML::NodeType::Map);
      item["secretKey"] = str_node(k);
      ref["key"] = str_node(c.remote_key);
      ref["property"] = str_node(p);
      item["remoteRef"] = ref;
      list.push_back(item);
    }
    v["es.data"] = list;
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

Vars plan_variables(const BackupPlan& plan, const RepoPlan& rp, const Config& config,
                    const SourceCredentials* creds) {
  const Settings& s = rp.settings;
  const Repository& repo = config.repositories[rp.repo_index];
  Vars v;
  v["namespace"] = str_node(plan.pvc.namespace_);
  v["pvc.name"] = str_node(plan.pvc.name);
  v["secret.name"] = str_node(rp.secret_name);
  if (creds) v["secret.data"] = secret_data(*creds, rp.repository);
  if (repo.credentials.mode == Credentials::Mode::kExternalSecret) external_secret_vars(v, repo, rp);
  v["rs.name"] = str_node(rp.rs_name);
  v["rd.name"] = str_node(plan.rd_name);
  v["schedule"] = str_node(rp.schedule);
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
  v["moverVolumes"] = rp.mover_volumes ? YAML::Clone(rp.mover_volumes) : YAML::Node();
  v["unlock"] = optional_str(s.unlock);
  if (s.restore_mode == "manual") {
    // Into the live PVC, so only when asked: paused until restore-now carries a token.
    v["destinationPVC"] = str_node(plan.pvc.name);
    v["restoreCopyMethod"] = str_node("Direct");
    if (s.restore_now.empty()) v["paused"] = bool_node(true);
    else v["restoreTrigger"] = str_node(s.restore_now);
  } else {
    v["accessModes"] = string_list(plan.pvc.access_modes);
    v["capacity"] = str_node(plan.pvc.storage);
  }
  return v;
}

bool generate_objects(const std::vector<BackupPlan>& plans, const Config& config,
                      const std::vector<SourceCredentials>& creds, const TemplateSet& templates,
                      std::vector<Generated>& out, Findings& findings) {
  bool ok = true;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const BackupPlan& plan = plans[i];
    check_pvc_sync_wave(plan, config, findings);
    int index = 0;
    auto make = [&](const Template& t, const Vars& vars, const std::string& name, const std::string& api,
                    const char* kind) -> YAML::Node {
      const std::size_t before = findings.size();
      auto node = expand(t, vars, findings);
      if (!node) {
        for (auto it = findings.begin() + static_cast<std::ptrdiff_t>(before); it != findings.end(); ++it)
          it->message += " (expanding for PVC " + plan.pvc.namespace_ + "/" + plan.pvc.name + ")";
        ok = false;
        return YAML::Node();
      }
      const YAML::Node& n = *node;
      std::string got_api = child(n, {"apiVersion"}).IsScalar() ? n["apiVersion"].Scalar() : "";
      std::string got_kind = child(n, {"kind"}).IsScalar() ? n["kind"].Scalar() : "";
      if (got_api != api || got_kind != kind) {
        findings.push_back({Severity::kError, "template",
                            "template must produce " + api + " " + kind + ", not " + got_api + " " + got_kind,
                            {}, "", t.source, 0, ""});
        ok = false;
        return YAML::Node();
      }
      stamp(*node, name, plan, index++);
      set_sync_wave(*node, kind, config);
      Generated g;
      g.ref = {api, kind, name, plan.pvc.namespace_};
      g.node = *node;
      g.plan_index = i;
      out.push_back(g);
      return *node;
    };
    // Credentials first, then the restore, then backups: the order appliers and readers see them in.
    for (const RepoPlan& rp : plan.repos) {
      const Repository& repo = config.repositories[rp.repo_index];
      const SourceCredentials* c = rp.repo_index < creds.size() ? &creds[rp.repo_index] : nullptr;
      switch (repo.credentials.mode) {
        case Credentials::Mode::kSecret:
          make(templates.secret, plan_variables(plan, rp, config, c), rp.secret_name, "v1", "Secret");
          break;
        case Credentials::Mode::kExternalSecret:
          make(templates.external_secret, plan_variables(plan, rp, config, nullptr), rp.secret_name,
               repo.credentials.eso_api_version, "ExternalSecret");
          break;
        case Credentials::Mode::kExisting: break;
      }
    }
    const RepoPlan& primary = plan.primary_repo();
    const SourceCredentials* pc = primary.repo_index < creds.size() ? &creds[primary.repo_index] : nullptr;
    if (plan.settings.restore_mode != "none") {
      YAML::Node rd = make(templates.replication_destination, plan_variables(plan, primary, config, pc), plan.rd_name,
                           "volsync.backube/v1alpha1", "ReplicationDestination");
      if (rd && plan.settings.restore_mode == "bootstrap") {
        YAML::Node ann = rd["metadata"]["annotations"];
        ann[kFluxSsaAnnotation] = str_node("IfNotPresent");
        ann[kArgoSyncOptionsAnnotation] = str_node("Prune=false,Delete=false");
      }
    }
    for (const RepoPlan& rp : plan.repos) {
      const SourceCredentials* c = rp.repo_index < creds.size() ? &creds[rp.repo_index] : nullptr;
      make(templates.replication_source, plan_variables(plan, rp, config, c), rp.rs_name, "volsync.backube/v1alpha1",
           "ReplicationSource");
    }
  }
  return ok;
}

}  // namespace vg
