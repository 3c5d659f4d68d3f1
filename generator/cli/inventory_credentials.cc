#include "cli/inventory_credentials.h"

#include <map>

#include "volsync/credentials_by_namespace.h"

namespace vg {

std::string credentials_source_name(const Config& config, std::size_t repo_index, const std::string& ns) {
  const Credentials& c = config.repositories[repo_index].credentials;
  std::string error;
  const std::string picked = credentials_for_namespace(c, ns, error).value_or("?");  // the run succeeded: never "?"
  switch (c.mode) {
    case Credentials::Mode::kSecret:
      return "Secret " + (c.secret_namespace.empty() ? picked : c.secret_namespace + "/" + picked);
    case Credentials::Mode::kExternalSecret:
      return c.store_kind + " " + c.store_name + ", item " + picked;
    case Credentials::Mode::kExisting: break;
  }
  return "existing Secret in each namespace";
}

std::vector<CredentialsSource> credentials_sources(const Config& config, const std::vector<BackupPlan>& plans) {
  std::map<std::pair<std::size_t, std::string>, CredentialsSource> by_source;
  for (const BackupPlan& plan : plans)
    for (const RepoPlan& rp : plan.repos) {
      const std::string name = credentials_source_name(config, rp.repo_index, plan.pvc.namespace_);
      CredentialsSource& s = by_source[{rp.repo_index, name}];
      if (s.source.empty()) {
        const Repository& repo = config.repositories[rp.repo_index];
        s = {repo.name.empty() ? "default" : repo.name, credentials_mode_name(repo.credentials.mode), name, {}};
      }
      s.namespaces.insert(plan.pvc.namespace_);
    }
  std::vector<CredentialsSource> out;
  for (auto& [key, s] : by_source) out.push_back(std::move(s));
  return out;
}

}  // namespace vg
