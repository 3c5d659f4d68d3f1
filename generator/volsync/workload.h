// The pod that mounts a PVC, for moverSecurityContext: the mover must read files as their owner.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "krm/finding.h"
#include "krm/item.h"

namespace vg {

struct PodIds {
  std::optional<std::int64_t> run_as_user, run_as_group, fs_group;
  ResourceRef workload;
};

// For every PVC ("namespace/name") a Deployment/StatefulSet/DaemonSet mounts: runAsUser/runAsGroup/
// fsGroup of the first such workload (pod securityContext, else its first container's). One pass;
// parses those workload items.
std::map<std::string, PodIds> pod_ids_by_pvc(std::string_view input, std::vector<Item>& items,
                                             Findings& findings);

}  // namespace vg
