#include "volsync/workload.h"

#include <charconv>

namespace vg {
namespace {

bool is_workload(const ItemSpan& s) {
  return s.api_version == "apps/v1" && (s.kind == "Deployment" || s.kind == "StatefulSet" || s.kind == "DaemonSet");
}

std::optional<std::int64_t> int_of(const YAML::Node& n) {
  if (!n || !n.IsScalar()) return std::nullopt;
  std::int64_t v = 0;
  const std::string& s = n.Scalar();
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}


}  // namespace

std::map<std::string, PodIds> pod_ids_by_pvc(std::string_view input, std::vector<Item>& items,
                                             Findings& findings) {
  std::map<std::string, PodIds> out;
  for (auto& it : items) {
    if (!is_workload(it.span)) continue;
    if (!parse_item(input, it, findings)) continue;
    const YAML::Node pod = child(it.node, {"spec", "template", "spec"});
    const YAML::Node vols = child(pod, {"volumes"});
    if (!vols.IsSequence()) continue;
    PodIds ids;
    ids.workload = it.span.ref();
    const YAML::Node psc = child(pod, {"securityContext"});
    ids.run_as_user = int_of(child(psc, {"runAsUser"}));
    ids.run_as_group = int_of(child(psc, {"runAsGroup"}));
    ids.fs_group = int_of(child(psc, {"fsGroup"}));
    const YAML::Node containers = child(pod, {"containers"});
    if (containers.IsSequence() && containers.size() > 0) {
      const YAML::Node csc = child(containers[0], {"securityContext"});
      if (!ids.run_as_user) ids.run_as_user = int_of(child(csc, {"runAsUser"}));
      if (!ids.run_as_group) ids.run_as_group = int_of(child(csc, {"runAsGroup"}));
    }
    for (const auto& v : vols) {
      const YAML::Node claim = child(v, {"persistentVolumeClaim", "claimName"});
      if (claim.IsScalar()) out.emplace(it.span.namespace_ + "/" + claim.Scalar(), ids);  // first one wins
    }
  }
  return out;
}

}  // namespace vg
