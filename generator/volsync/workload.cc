#include "volsync/workload.h"

#include <charconv>

namespace vg {
namespace {

bool is_workload(const InputObject& o) {
  return o.is("apps/v1", "Deployment") || o.is("apps/v1", "StatefulSet") || o.is("apps/v1", "DaemonSet");
}

std::optional<std::int64_t> int_of(const Doc& n) {
  if (!n.IsScalar()) return std::nullopt;
  std::int64_t v = 0;
  const std::string& s = n.Scalar();
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

PodIds pod_ids_of(const Doc& workload) {
  PodIds ids;
  const Doc& pod = workload.at({"spec", "template", "spec"});
  const Doc& psc = pod["securityContext"];
  ids.run_as_user = int_of(psc["runAsUser"]);
  ids.run_as_group = int_of(psc["runAsGroup"]);
  ids.fs_group = int_of(psc["fsGroup"]);
  const Doc& csc = pod["containers"][0]["securityContext"];
  if (!ids.run_as_user) ids.run_as_user = int_of(csc["runAsUser"]);
  if (!ids.run_as_group) ids.run_as_group = int_of(csc["runAsGroup"]);
  return ids;
}

std::map<std::string, PodIds> pod_ids_by_pvc(const std::vector<InputObject>& objects, Findings& findings) {
  std::map<std::string, PodIds> out;
  for (const InputObject& o : objects) {
    if (!is_workload(o)) continue;
    Doc workload;
    if (!o.parse(workload, findings)) continue;
    const Doc& vols = workload.at({"spec", "template", "spec", "volumes"});
    if (!vols.IsSequence()) continue;
    PodIds ids = pod_ids_of(workload);
    ids.workload = o.ref();
    for (const Doc& v : vols.items()) {
      const Doc& claim = v.at({"persistentVolumeClaim", "claimName"});
      if (claim.IsScalar()) out.emplace(o.span().namespace_ + "/" + claim.Scalar(), ids);  // first one wins
    }
  }
  return out;
}

void apply_pod_ids(const std::map<std::string, PodIds>& ids_by_pvc, BackupPlan& plan) {
  auto ids = ids_by_pvc.find(plan.pvc.namespace_ + "/" + plan.pvc.name);
  if (ids == ids_by_pvc.end()) return;
  for (RepoPlan& rp : plan.repos) {
    Settings& s = rp.settings;
    if (s.mover_security_context.IsMap() && s.mover_security_context.size() > 0) continue;  // configured
    if (!s.mover_uid) s.mover_uid = ids->second.run_as_user;
    if (!s.mover_gid) s.mover_gid = ids->second.run_as_group;
    if (!s.mover_fsgroup) s.mover_fsgroup = ids->second.fs_group;
  }
}

}  // namespace vg
