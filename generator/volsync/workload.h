// The pod that mounts a PVC, for moverSecurityContext: the mover must read files as their owner.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "krm/finding.h"
#include "krm/object.h"
#include "volsync/plan.h"

namespace vg {

struct PodIds {
  std::optional<std::int64_t> run_as_user, run_as_group, fs_group;
  ResourceRef workload;
};

// The ids of one workload's pod: runAsUser/runAsGroup/fsGroup of its pod securityContext, else of
// its first container's.
PodIds pod_ids_of(const Doc& workload);

// For every PVC ("namespace/name") a Deployment/StatefulSet/DaemonSet mounts: the ids of the first
// such workload. One pass; each workload is parsed, read and dropped.
std::map<std::string, PodIds> pod_ids_by_pvc(const std::vector<InputObject>& objects, Findings& findings);

// Fills the mover uid/gid/fsGroup of each repository of the plan from the workload's ids, where
// neither they nor a moverSecurityContext are configured.
void apply_pod_ids(const std::map<std::string, PodIds>& ids_by_pvc, BackupPlan& plan);

}  // namespace vg
