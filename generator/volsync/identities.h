// Generated identities are unique: no two PVCs, and no two repositories of one PVC, may generate
// (or make VolSync read) one object, nor write one restic repository. kustomize refuses two objects
// with one identity, kpt keeps the last, and two sources on one Secret or one repository write each
// other's backups. The one place that checks it, fed each plan before its objects are built.
#pragma once
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "krm/finding.h"
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
  struct Owner {
    std::size_t plan;  // the order of claim() calls
    std::string pvc_namespace, pvc_name;
    std::size_t repo_index;
  };
  bool claim_objects(const BackupPlan& plan, const Config& config, Findings& findings);
  bool claim_repositories(const BackupPlan& plan, Findings& findings);

  std::size_t plans_ = 0;
  std::unordered_map<std::string, Owner> objects_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> repositories_;  // -> namespace, name
  std::set<std::pair<std::size_t, std::size_t>> reported_;  // repository pairs reported at the config
};

}  // namespace vg
