// Expanding a kopia repository plan: the variables of the kopia templates (kopia-*.yaml), and the
// KopiaMaintenance of each kopia repository and namespace.
#pragma once
#include <set>
#include <string>
#include <utility>

#include "volsync/credentials.h"
#include "volsync/plan.h"
#include "volsync/settings.h"
#include "volsync/template.h"

namespace vg {

// Overrides and adds the variables a kopia plan's objects need: the Secret's data (KOPIA_REPOSITORY
// and the location keys), the ExternalSecret's template data, retain with Kopia's defaults written
// out, compression, parallelism, actions, and the destination's sourceIdentity (the primary
// repository's ReplicationSource, so a restore finds its snapshots whatever the names).
void kopia_variables(Vars& v, const BackupPlan& plan, const RepoPlan& rp, const Config& config,
                     const SourceCredentials* creds);

// The KopiaMaintenance of a repository in a namespace: kopia-maintenance[-<repository name>].
std::string kopia_maintenance_name(const Repository& repo);

// Which (namespace, repository) already has its KopiaMaintenance in this run: the first PVC's
// plan makes it, pointing at that PVC's Secret (every Secret of a kopia repository in a namespace
// holds the same keys).
class KopiaMaintenanceSet {
 public:
  bool claim(const std::string& ns, std::size_t repo_index) { return done_.insert({ns, repo_index}).second; }

 private:
  std::set<std::pair<std::string, std::size_t>> done_;
};

// The variables of kopia-maintenance.yaml for repository plan `rp` of `plan`.
Vars kopia_maintenance_variables(const BackupPlan& plan, const RepoPlan& rp, const Config& config);

}  // namespace vg
