// inventory's view of who receives which credentials: per credentials source (a source Secret, an
// External Secrets store item, or Secrets managed elsewhere), the namespaces whose generated Secrets
// are made from it. Names only: a source is shown by where it is, never by what it holds.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {

struct CredentialsSource {
  std::string repository;  // "default" for the unnamed repository
  std::string mode;        // secret, externalSecret, existing
  std::string source;      // "Secret volsync-system/restic-media", "ClusterSecretStore vault, item backups/media"
  std::set<std::string> namespaces;
};

// The source of repository `repo_index` for namespace `ns` (as the function picks it).
std::string credentials_source_name(const Config& config, std::size_t repo_index, const std::string& ns);

// Every source the plans use, ordered by repository (config order), then source.
std::vector<CredentialsSource> credentials_sources(const Config& config, const std::vector<BackupPlan>& plans);

}  // namespace vg
