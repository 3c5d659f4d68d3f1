// One repository per PVC: a repository shared by two PVCs (or by two repositories of one PVC)
// would let each prune the other's snapshots, and restores would mix them.
#pragma once
#include <string>
#include <unordered_map>
#include <utility>

#include "krm/finding.h"
#include "volsync/plan.h"

namespace vg {

// Fed the plans one at a time (the function keeps no plan it has written), it remembers which PVC
// claimed each RESTIC_REPOSITORY first.
class RepositoryOwners {
 public:
  // An error finding (rule repository-shared, at the PVC) for each repository of `plan` that an
  // earlier plan, or an earlier repository of this one, already uses. False when it added one.
  bool claim(const BackupPlan& plan, Findings& findings);

 private:
  std::unordered_map<std::string, std::pair<std::string, std::string>> owner_;  // -> namespace, name
};

}  // namespace vg
