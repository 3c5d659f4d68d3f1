#include "volsync/plan_names.h"

#include <algorithm>

#include "krm/names.h"
#include "volsync/naming.h"

namespace vg {
namespace {

// The PVC's annotation that set a value for `repo` (the suffixed form wins), or "".
std::string annotation_field(const PvcFacts& pvc, std::string_view annotation, const Repository& repo) {
  const std::string base = std::string(kAnnotationPrefix) + std::string(annotation);
  for (const std::string& key : {repo.name.empty() ? std::string() : base + "." + repo.name, base})
    for (const auto& kv : pvc.annotations)
      if (!key.empty() && kv.first == key) return "metadata.annotations[" + key + "]";
  return {};
}

// Where a template was set: the PVC's annotation, else the config's spec.naming.
std::string template_field(const PvcFacts& pvc, std::string_view annotation, const Repository& repo,
                           std::string_view spec_key) {
  std::string field = annotation_field(pvc, annotation, repo);
  return field.empty() ? "spec.naming." + std::string(spec_key) : field;
}

// A templated name: a DNS-1123 label within VolSync's limit (ReplicationSource/Destination), or a
// DNS-1123 subdomain (Secret).
bool check_name(const PvcFacts& pvc, const char* kind, const std::string& name, bool replication,
                const std::string& field, Findings& findings) {
  auto err = replication ? dns1123_label_error(name) : dns1123_subdomain_error(name);
  std::string rule = "name-invalid";
  if (!err && replication && name.size() > kMaxReplicationNameLength) {
    rule = "name-length";
    err = "is " + std::to_string(name.size()) + " characters; VolSync derives Job names volsync-src-<name> that "
          "must fit 63, so at most " + std::to_string(kMaxReplicationNameLength);
  }
  if (!err) return true;
  findings.push_back(pvc_finding(pvc, rule, field, std::string(kind) + " name \"" + name + "\" " + *err,
                            "change the naming template or set the PVC's annotation for this name"));
  return false;
}

std::optional<std::string> path_error(const std::string& path) {
  if (path.empty()) return std::string("is empty");
  if (path.front() == '/' || path.back() == '/') return std::string("must not start or end with '/'");
  if (path.find("//") != std::string::npos) return std::string("has an empty segment (//)");
  if (std::any_of(path.begin(), path.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; }))
    return std::string("has white space");
  for (std::size_t at = 0; at <= path.size();) {
    const std::size_t end = std::min(path.find('/', at), path.size());
    const std::string_view seg = std::string_view(path).substr(at, end - at);
    if (seg == "." || seg == "..") return "has a \"" + std::string(seg) + "\" segment";
    at = end + 1;
  }
  return std::nullopt;
}

}  // namespace

bool plan_repo_names(const BackupPlan& plan, RepoPlan& rp, const Repository& repo, const std::string& url_base,
                     Findings& findings) {
  const PvcFacts& pvc = plan.pvc;
  const Naming& n = rp.settings.naming;
  std::string error;
  auto names = resolve_repo_names(pvc, plan.base_name, repo, n, error);
  if (!names) {
    findings.push_back(pvc_finding(pvc, "naming", "spec.naming", error,
                              "set the label or annotation the template needs, or another template for this PVC"));
    names = RepoNames{rs_name_for(plan.base_name, repo), secret_name_for(plan.base_name, repo), ""};
    return false;
  }
  rp.rs_name = names->source;
  rp.secret_name = names->secret;
  bool ok = true;
  if (!n.source.empty())
    ok &= check_name(pvc, "ReplicationSource", rp.rs_name, true, template_field(pvc, "source-name", repo, "source"),
                     findings);
  if (!n.secret.empty())
    ok &= check_name(pvc, "Secret", rp.secret_name, false, template_field(pvc, "secret-name", repo, "secret"),
                     findings);
  if (auto e = n.repository_path.empty() ? std::nullopt : path_error(names->path)) {
    findings.push_back(pvc_finding(pvc, "naming", template_field(pvc, "repository-path", repo, "repositoryPath"),
                              "repository path \"" + names->path + "\" " + *e));
    ok = false;
  }
  // existing: RESTIC_REPOSITORY is in the user's Secret; a path built here would be made up.
  rp.repository = repo.credentials.mode == Credentials::Mode::kExisting
                      ? std::string()
                      : repository_url_at(repo, url_base, names->path);
  return ok;
}

bool plan_destination_name(BackupPlan& plan, const Config& config, bool restores, Findings& findings) {
  const RepoPlan& primary = plan.primary_repo();
  const Repository& repo = config.repositories[primary.repo_index];
  std::string error;
  auto rd = resolve_destination_name(plan.pvc, plan.base_name, repo, primary.settings.naming, error);
  if (!rd) {
    plan.rd_name = rd_name_for(plan.base_name);
    if (!restores) return true;
    findings.push_back(pvc_finding(plan.pvc, "naming", "spec.naming.destination", error));
    return false;
  }
  plan.rd_name = *rd;
  if (!restores || primary.settings.naming.destination.empty()) return true;
  return check_name(plan.pvc, "ReplicationDestination", plan.rd_name, true,
                    template_field(plan.pvc, "destination-name", repo, "destination"), findings);
}

void check_external_secret_overrides(const PvcFacts& pvc, const RepoPlan& rp, const Repository& repo,
                                     Findings& findings) {
  if (repo.credentials.mode == Credentials::Mode::kExternalSecret) return;
  const Settings& s = rp.settings;
  const std::pair<const char*, const std::string*> overrides[] = {
      {"remote-key", &s.es_remote_key}, {"store-name", &s.es_store_name}, {"deletion-policy", &s.es_deletion_policy}};
  for (const auto& [key, value] : overrides)
    if (!value->empty())
      findings.push_back(pvc_finding(pvc, "annotation", annotation_field(pvc, key, repo),
                                std::string(kAnnotationPrefix) + key + " applies only to a repository in credentials "
                                "mode externalSecret, and " + (repo.name.empty() ? std::string("the repository")
                                : "repository " + repo.name) + " is in mode " +
                                credentials_mode_name(repo.credentials.mode),
                                "use the .<repository> suffix form for the repository that has an ExternalSecret"));
}

}  // namespace vg
