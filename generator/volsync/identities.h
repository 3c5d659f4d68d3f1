// Generated identities are unique: no two PVCs, and no two repositories of one PVC, may generate
// (or make VolSync read) one object, nor write one restic repository. kustomize refuses two objects
// with one identity, kpt keeps the last, and two sources on one Secret or one repository write each
// other's backups. The one place that checks it, fed each plan before its objects are built.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "krm/finding.h"
#include "krm/string_pool.h"
#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {

// One object a plan makes or makes VolSync read, and the repository it belongs to.
struct PlannedObject {
  std::string identity;   // group/kind/namespace/name, as clients match objects (object_identity)
  std::string kind, name;
  std::size_t repo_index = 0;  // into Config::repositories (the primary one for the ReplicationDestination)
};

// Per repository: its credentials Secret (generated in mode secret; made by the ExternalSecret,
// which is claimed too, in mode externalSecret; read in mode existing) and its ReplicationSource;
// then the ReplicationDestination unless the restore mode is none. Names as plan_pvc derived them.
std::vector<PlannedObject> planned_objects(const BackupPlan& plan, const Config& config);

class GeneratedIdentities {
 public:
  // Claims the plan's objects and repositories. Errors, each naming both PVCs or repositories and
  // the field to change: generated-duplicate (objects), repository-shared (restic repositories).
  // Two repositories of one plan that clash do so for every PVC: reported once, at the config.
  // False when it added an error.
  bool claim(const BackupPlan& plan, const Config& config, Findings& findings);

 private:
  // The maps hold views into pool_: at 10 000 PVCs a string and two names per generated object
  // were ~8 MB of the run's peak (bench/RESULTS.md).
  struct Owner {
    std::uint32_t plan;        // the order of claim() calls: an index into pvcs_
    std::uint32_t repo_index;  // into Config::repositories
  };
  bool claim_objects(const BackupPlan& plan, const Config& config, Findings& findings);
  bool claim_repositories(const BackupPlan& plan, Findings& findings);

  StringPool pool_;
  std::vector<std::pair<std::string, std::string>> pvcs_;  // by plan: namespace, name
  std::unordered_map<std::string_view, Owner> objects_;
  std::unordered_map<std::string_view, std::uint32_t> repositories_;  // -> plan
  std::set<std::pair<std::size_t, std::size_t>> reported_;  // repository pairs reported at the config
};

}  // namespace vg
