#include "volsync/generate.h"

#include <algorithm>
#include <cctype>

#include "volsync/argocd.h"
#include "volsync/credentials_by_namespace.h"
#include "volsync/passthrough_vars.h"
#include "volsync/kopia_plan.h"
#include "yaml/emit.h"
#include "krm/object.h"

namespace vg {
namespace {

Doc string_list(const std::vector<std::string>& v) {
  Doc n = Doc::sequence();
  n.items().reserve(v.size());
  for (const auto& s : v) n.push_back(Doc::string(s));
  return n;
}

Doc optional_str(const std::string& s) { return s.empty() ? Doc() : Doc::string(s); }

// Identity and the ownership marks (ownership.h) are set by code, not templates: a user template
// cannot break re-runs or make the objects look like the user's. kpt's file placement is set later
// (placement.h): it depends on the whole package.
void stamp(Doc& obj, const std::string& name, const BackupPlan& plan) {
  Doc* meta = obj.find("metadata");
  if (!meta || !meta->IsMap()) meta = &obj.set("metadata", Doc::map());
  meta->set("name", Doc::string(name));
  meta->set("namespace", Doc::string(plan.pvc.namespace_));
  Doc* labels = meta->find("labels");
  if (!labels || !labels->IsMap()) labels = &meta->set("labels", Doc::map());
  labels->set(kManagedByLabel, Doc::string(kManagedByValue));
  Doc* ann = meta->find("annotations");
  if (!ann || !ann->IsMap()) ann = &meta->set("annotations", Doc::map());
  ann->set(kSourcePvcAnnotation, Doc::string(plan.pvc.name));
}

// ESO templates are Go templates: `.KEY` works for identifier keys, `index . "KEY"` for others.
std::string eso_ref(const std::string& key) {
  bool ident = !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_');
  for (char c : key) ident = ident && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return ident ? "{{ ." + key + " }}" : "{{ index . \"" + key + "\" }}";
}

void external_secret_vars(Vars& v, const Repository& repo, const RepoPlan& rp, std::string_view ns) {
  const Credentials& c = repo.credentials;
  // The store item of the PVC's namespace (credentials.externalSecret.byNamespace); a namespace
  // without one stopped the run before planning (function.cc load_sources).
  std::string error;
  // A PVC's own store item (volsync-gen.io/remote-key) wins over the repository's.
  const std::string remote_key = !rp.settings.es_remote_key.empty()
                                     ? rp.settings.es_remote_key
                                     : credentials_for_namespace(c, ns, error).value_or(c.remote_key);
  const std::vector<std::string> keys = external_secret_keys(repo, rp.repository);
  Doc data = Doc::map();
  // The repository path is not a secret: it is written literally, one per PVC.
  data.set("RESTIC_REPOSITORY", Doc::string(rp.repository));
  for (const auto& k : keys) data.set(k, Doc::string(eso_ref(k)));
  if (repo.backend == Repository::Backend::kS3 && !repo.region.empty())
    data.set("AWS_DEFAULT_REGION", Doc::string(repo.region));
  v["es.apiVersion"] = Doc::string(c.eso_api_version);
  v["es.refreshInterval"] = Doc::string(c.refresh_interval);
  v["es.storeKind"] = Doc::string(c.store_kind);
  v["es.storeName"] = Doc::string(!rp.settings.es_store_name.empty() ? rp.settings.es_store_name : c.store_name);
  const std::string& deletion = !rp.settings.es_deletion_policy.empty() ? rp.settings.es_deletion_policy
                                                                         : c.deletion_policy;
  v["es.deletionPolicy"] = deletion.empty() ? Doc() : Doc::string(deletion);
  v["es.templateData"] = std::move(data);
  if (c.properties.empty()) {
    Doc extract = Doc::map();
    extract.set("extract", Doc::map()).set("key", Doc::string(remote_key));
    Doc from = Doc::sequence();
    from.push_back(std::move(extract));
    v["es.dataFrom"] = std::move(from);
  } else {
    Doc list = Doc::sequence();
    for (const auto& [k, p] : c.properties) {
      Doc item = Doc::map();
      item.set("secretKey", Doc::string(k));
      Doc& ref = item.set("remoteRef", Doc::map());
      ref.set("key", Doc::string(remote_key));
      ref.set("property", Doc::string(p));
      list.push_back(std::move(item));
    }
    v["es.data"] = std::move(list);
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
  v["namespace"] = Doc::string(plan.pvc.namespace_);
  v["pvc.name"] = Doc::string(plan.pvc.name);
  v["secret.name"] = Doc::string(rp.secret_name);
  if (creds) v["secret.data"] = secret_data(*creds, rp.repository);
  if (repo.credentials.mode == Credentials::Mode::kExternalSecret) external_secret_vars(v, repo, rp, plan.pvc.namespace_);
  v["rs.name"] = Doc::string(rp.rs_name);
  v["rd.name"] = Doc::string(plan.rd_name);
  v["schedule"] = Doc::string(rp.schedule);
  v["copyMethod"] = Doc::string(s.copy_method);
  v["restoreCopyMethod"] = Doc::string(s.restore_copy_method);
  v["restoreTrigger"] = Doc::string(s.restore_trigger);
  v["pruneIntervalDays"] = Doc::scalar(std::to_string(s.prune_interval_days));
  v["retain"] = s.retain.to_doc();
  v["storageClassName"] = optional_str(s.storage_class);
  // The restored volume should land where the PVC lives unless a class is configured.
  v["restoreStorageClassName"] = optional_str(!s.storage_class.empty() ? s.storage_class : plan.pvc.storage_class);
  v["volumeSnapshotClassName"] = optional_str(s.snapshot_class);
  v["cacheCapacity"] = Doc::string(s.cache_capacity);
  v["cacheStorageClassName"] = optional_str(s.cache_storage_class);
  v["cacheAccessModes"] = s.cache_access_modes.empty() ? Doc() : string_list(s.cache_access_modes);
  v["moverSecurityContext"] = s.effective_security_context();
  v["moverVolumes"] = rp.mover_volumes;
  v["unlock"] = optional_str(s.unlock);
  add_passthrough_variables(v, s);
  if (s.restore_mode == "manual") {
    // Into the live PVC, so only when asked: paused until restore-now carries a token.
    v["destinationPVC"] = Doc::string(plan.pvc.name);
    v["restoreCopyMethod"] = Doc::string("Direct");
    if (s.restore_now.empty()) v["paused"] = Doc::scalar("true");
    else v["restoreTrigger"] = Doc::string(s.restore_now);
  } else {
    v["accessModes"] = string_list(plan.pvc.access_modes);
    v["capacity"] = Doc::string(plan.pvc.storage);
  }
  if (is_kopia(rp)) kopia_variables(v, plan, rp, config, creds);
  else if (creds) v["secret.data"].erase("KOPIA_PASSWORD");  // a source Secret serving both movers: restic's own only
  return v;
}

bool generate_plan(const BackupPlan& plan, std::size_t i, const Config& config,
                   const std::vector<SourceCredentials>& creds, const TemplateSet& templates,
                   std::vector<Generated>& out, Findings& findings, KopiaMaintenanceSet* maintenance) {
  bool ok = true;
  check_pvc_sync_wave(plan, config, findings);
  // The credentials, restore and backup templates of a repository share its variables: build them once.
  struct Cached {
    const RepoPlan* repo;
    const SourceCredentials* creds;
    Vars vars;
  };
  std::vector<Cached> cache;
  cache.reserve(plan.repos.size() * 2);
  auto vars_of = [&](const RepoPlan& rp, const SourceCredentials* c) -> const Vars& {
    for (const Cached& k : cache)
      if (k.repo == &rp && k.creds == c) return k.vars;
    cache.push_back({&rp, c, plan_variables(plan, rp, config, c)});
    return cache.back().vars;
  };
  auto make = [&](const Template& t, const Vars& vars, const std::string& name, const std::string& api,
                  const char* kind) -> Doc* {
    const std::size_t before = findings.size();
    auto node = expand(t, vars, findings);
    if (!node) {
      for (auto it = findings.begin() + static_cast<std::ptrdiff_t>(before); it != findings.end(); ++it) {
        it->message += " (expanding for PVC " + plan.pvc.namespace_ + "/" + plan.pvc.name + ")";
        it->resource = {api, kind, name, plan.pvc.namespace_};  // the object the template was making
      }
      ok = false;
      return nullptr;
    }
    const Doc& n = *node;
    std::string got_api = n["apiVersion"].IsScalar() ? n["apiVersion"].Scalar() : "";
    std::string got_kind = n["kind"].IsScalar() ? n["kind"].Scalar() : "";
    if (got_api != api || got_kind != kind) {
      const char* field = got_api != api ? "apiVersion" : "kind";
      const int line = n[field].Mark().line >= 0 ? n[field].Mark().line + 1 : 0;
      findings.push_back(
          Finding{.severity = Severity::kError,
                  .rule = "template",
                  .message = "template must produce " + api + " " + kind + ", not " + got_api + " " + got_kind,
                  .resource = {api, kind, name, plan.pvc.namespace_},
                  .field = field,
                  .file = t.source,
                  .line = line});
      ok = false;
      return nullptr;
    }
    stamp(*node, name, plan);
    set_sync_wave(*node, kind, config);
    Generated g;
    g.ref = {api, kind, name, plan.pvc.namespace_};
    g.node = std::move(*node);
    g.plan_index = i;
    out.push_back(std::move(g));
    return &out.back().node;
  };
  // Credentials first, then the restore, then backups: the order appliers and readers see them in.
  for (const RepoPlan& rp : plan.repos) {
    const Repository& repo = config.repositories[rp.repo_index];
    const SourceCredentials* c = rp.repo_index < creds.size() ? &creds[rp.repo_index] : nullptr;
    switch (repo.credentials.mode) {
      case Credentials::Mode::kSecret:
        make(templates.secret, vars_of(rp, c), rp.secret_name, "v1", "Secret");
        break;
      case Credentials::Mode::kExternalSecret:
        make(templates.external_secret, vars_of(rp, nullptr), rp.secret_name,
             repo.credentials.eso_api_version, "ExternalSecret");
        break;
      case Credentials::Mode::kExisting: break;
    }
  }
  const RepoPlan& primary = plan.primary_repo();
  const SourceCredentials* pc = primary.repo_index < creds.size() ? &creds[primary.repo_index] : nullptr;
  if (plan.settings.restore_mode != "none") {
    Doc* rd = make(is_kopia(primary) ? templates.kopia_replication_destination : templates.replication_destination,
                   vars_of(primary, pc), plan.rd_name,
                   "volsync.backube/v1alpha1", "ReplicationDestination");
    if (rd && plan.settings.restore_mode == "bootstrap") {
      set_annotation(*rd, kFluxSsaAnnotation, "IfNotPresent");
      set_annotation(*rd, kArgoSyncOptionsAnnotation, "Prune=false,Delete=false");
    }
  }
  for (const RepoPlan& rp : plan.repos) {
    const SourceCredentials* c = rp.repo_index < creds.size() ? &creds[rp.repo_index] : nullptr;
    make(is_kopia(rp) ? templates.kopia_replication_source : templates.replication_source, vars_of(rp, c),
         rp.rs_name, "volsync.backube/v1alpha1", "ReplicationSource");
  }
  // kopia: the repository's maintenance in this namespace, made by its first PVC's plan.
  for (const RepoPlan& rp : plan.repos)
    if (is_kopia(rp) && config.kopia_maintenance && maintenance && maintenance->claim(plan.pvc.namespace_, rp.repo_index))
      make(templates.kopia_maintenance, kopia_maintenance_variables(plan, rp, config),
           kopia_maintenance_name(config.repositories[rp.repo_index]), "volsync.backube/v1alpha1", "KopiaMaintenance");
  return ok;
}

}  // namespace vg
