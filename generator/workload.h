// The pod that mounts a PVC, for moverSecurityContext: the mover must read files as their owner.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finding.h"
#include "item.h"

namespace vg {

struct PodIds {
  std::optional<std::int64_t> run_as_user, run_as_group, fs_group;
  ResourceRef workload;
};

// runAsUser/runAsGroup/fsGroup of the first Deployment/StatefulSet/DaemonSet in `ns` whose pod
// template mounts `pvc` (pod securityContext, else its first container's). Parses those items.
std::optional<PodIds> pod_ids_for_pvc(std::string_view input, std::vector<Item>& items, const std::string& ns,
                                      const std::string& pvc, Findings& findings);

}  // namespace vg
