#include "volsync/identities.h"

#include <algorithm>
#include <map>

#include "volsync/generate.h"
#include "volsync/kopia_plan.h"

namespace vg {
namespace {

constexpr const char* kVolSync = "volsync.backube/v1alpha1";

std::string repo_label(const Config& config, std::size_t i) {
  const std::string& name = config.repositories[i].name;
  return name.empty() ? std::string("the repository") : "repository " + name;
}

// The field that names a repository's credentials Secret, where it is set: the repository's own
// credentials, or the spec's (which every repository inherits).
std::string suffix_field(const Config& config, std::size_t i) {
  const Repository& r = config.repositories[i];
  const bool inherited = r.credentials.secret_suffix == config.credentials.secret_suffix;
  if (r.credentials.secret_suffix.empty() || inherited) return "spec.credentials.secretSuffix";
  return "spec.repositories[" + std::to_string(i) + "].credentials.secretSuffix";
}

// Two repositories of one plan on one object: their names differ only by what the configuration
// gives each repository (the base name is the PVC's), so the clash is the config's, for every PVC:
// the finding holds no PVC's name and points at the setting that names the object.
Finding repositories_clash(const Config& config, const BackupPlan& plan, const PlannedObject& o, std::size_t first) {
  const std::size_t second = o.repo_index;
  const bool secret = o.kind != "ReplicationSource";
  // The repository that sets the clashing suffix itself, else the later one.
  const auto own = [&](std::size_t i) {
    const std::string& s = config.repositories[i].credentials.secret_suffix;
    return !s.empty() && s != config.credentials.secret_suffix;
  };
  const std::size_t at = !own(second) && own(first) ? first : second;
  const std::string tail = o.name.substr(std::min(o.name.size(), plan.base_name.size()));
  const std::string field = secret ? suffix_field(config, at) : "spec.repositories[" + std::to_string(at) + "].name";
  // The spec's own setting is at the config's line, a repository's at its entry.
  const Origin& origin = field.rfind("spec.credentials.", 0) == 0 ? config.origin : config.repositories[at].origin;
  Finding f{.severity = Severity::kError,
            .rule = "generated-duplicate",
            .message = repo_label(config, first) + " and " + repo_label(config, second) + " would use one " +
                       (secret ? "credentials Secret" : o.kind) + " for every PVC (<pvc>" + tail +
                       "): their backups would go to one restic repository",
            .resource = config.origin.resource,
            .field = field,
            .file = origin.file,
            .line = origin.line,
            .hint = secret ? "give each repository its own credentials.secretSuffix (unset, it is volsync-<repository "
                             "name>)"
                           : "give each repository its own name"};
  return f;
}

// Whether a plan's object names come from naming templates (naming.h) rather than the base name.
bool templated_names(const BackupPlan& plan) {
  for (const RepoPlan& rp : plan.repos) {
    const Naming& n = rp.settings.naming;
    if (!n.source.empty() || !n.destination.empty() || !n.secret.empty()) return true;
  }
  return false;
}

std::string name_field(const BackupPlan& plan) {
  const std::string key = std::string(kAnnotationPrefix) + "name";
  for (const auto& kv : plan.pvc.annotations)
    if (kv.first == key) return "metadata.annotations[" + key + "]";
  return "metadata.name";
}

}  // namespace

std::vector<PlannedObject> planned_objects(const BackupPlan& plan, const Config& config) {
  std::vector<PlannedObject> out;
  const std::string& ns = plan.pvc.namespace_;
  auto add = [&](const std::string& api, const std::string& kind, const std::string& name, std::size_t repo) {
    out.push_back({object_identity(api, kind, ns, name), kind, name, repo});
  };
  for (const RepoPlan& rp : plan.repos) {
    const Credentials& c = config.repositories[rp.repo_index].credentials;
    if (c.mode == Credentials::Mode::kExternalSecret)
      add(c.eso_api_version, "ExternalSecret", rp.secret_name, rp.repo_index);
    add("v1", "Secret", rp.secret_name, rp.repo_index);
  }
  if (plan.settings.restore_mode != "none")
    add(kVolSync, "ReplicationDestination", plan.rd_name, plan.primary_repo().repo_index);
  for (const RepoPlan& rp : plan.repos) add(kVolSync, "ReplicationSource", rp.rs_name, rp.repo_index);
  return out;
}

bool GeneratedIdentities::claim(const BackupPlan& plan, const Config& config, Findings& findings) {
  pvcs_.emplace_back(plan.pvc.namespace_, plan.pvc.name);
  const bool objects_ok = claim_objects(plan, config, findings);
  const bool repositories_ok = claim_repositories(plan, findings);
  return objects_ok && repositories_ok;
}

bool GeneratedIdentities::claim_objects(const BackupPlan& plan, const Config& config, Findings& findings) {
  const PvcFacts& pvc = plan.pvc;
  // Clashes with other PVCs, by PVC: one finding lists every object the two would share.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> shared;
  bool ok = true;
  for (const PlannedObject& o : planned_objects(plan, config)) {
    const auto this_plan = static_cast<std::uint32_t>(pvcs_.size() - 1);
    auto it = objects_.find(o.identity);
    if (it == objects_.end()) {
      objects_.emplace(pool_.intern(o.identity), Owner{this_plan, static_cast<std::uint32_t>(o.repo_index)});
      continue;
    }
    ok = false;
    const Owner& owner = it->second;
    if (owner.plan == this_plan) {
      if (reported_.insert({owner.repo_index, o.repo_index}).second)
        findings.push_back(repositories_clash(config, plan, o, owner.repo_index));
      continue;
    }
    // Two repositories' Secrets of one name clash once with the other PVC's.
    std::vector<std::string>& list = shared[pvcs_[owner.plan]];
    std::string what = o.kind + " " + o.name;
    if (std::find(list.begin(), list.end(), what) == list.end()) list.push_back(std::move(what));
  }
  for (const auto& [other, objects] : shared) {
    std::string list;
    for (const auto& o : objects) list += (list.empty() ? "" : ", ") + o;
    findings.push_back(Finding{
        .severity = Severity::kError,
        .rule = "generated-duplicate",
        .message = "PVC " + pvc.namespace_ + "/" + pvc.name + " and PVC " + other.first + "/" + other.second +
                   " would both generate " + list +
                   (templated_names(plan) ? " (names from spec.naming or the PVC's name annotations)"
                                          : " (base name " + plan.base_name + ")"),
        .resource = pvc.origin.resource,
        .field = templated_names(plan) ? "spec.naming" : name_field(plan),
        .file = pvc.origin.file,
        .line = pvc.origin.line,
        .hint = templated_names(plan)
                    ? "use ${pvc} or ${name} in the naming templates, or set volsync-gen.io/source-name, "
                      "destination-name or secret-name on one of them"
                    : "give one of them another base name with the annotation " + std::string(kAnnotationPrefix) +
                          "name"});
  }
  return ok;
}

bool GeneratedIdentities::claim_repositories(const BackupPlan& plan, Findings& findings) {
  bool ok = true;
  const PvcFacts& pvc = plan.pvc;
  for (const RepoPlan& rp : plan.repos) {
    if (rp.repository.empty()) continue;  // managed elsewhere (existing credentials)
    if (is_kopia(rp)) continue;  // one kopia repository serves many PVCs: identities keep them apart
    auto it = repositories_.find(rp.repository);
    if (it == repositories_.end()) {
      repositories_.emplace(pool_.intern(rp.repository), static_cast<std::uint32_t>(pvcs_.size() - 1));
      continue;
    }
    ok = false;
    const auto& [other_namespace, other_name] = pvcs_[it->second];
    const bool same_plan = it->second == pvcs_.size() - 1;  // two repositories of this PVC resolve to one
    const bool templated = !rp.settings.naming.repository_path.empty();
    findings.push_back(Finding{.severity = Severity::kError,
                               .rule = "repository-shared",
                               .message = same_plan ? "two repositories of PVC " + pvc.namespace_ + "/" + pvc.name +
                                                          " resolve to one restic repository"
                                                    : "PVC " + pvc.namespace_ + "/" + pvc.name +
                                                          " would use the same repository as PVC " +
                                                          other_namespace + "/" + other_name,
                               .resource = pvc.origin.resource,
                               .field = templated ? "spec.naming.repositoryPath" : std::string(),
                               .file = pvc.origin.file,
                               .line = pvc.origin.line,
                               .hint = templated ? "every PVC needs its own repository path: use ${pvc} or ${name} "
                                                   "in spec.naming.repositoryPath, or set volsync-gen.io/"
                                                   "repository-path on one of them"
                                                 : "every PVC needs its own repository path"});
  }
  return ok;
}

}  // namespace vg
