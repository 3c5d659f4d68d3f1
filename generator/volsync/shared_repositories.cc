#include "volsync/shared_repositories.h"

namespace vg {

bool RepositoryOwners::claim(const BackupPlan& plan, Findings& findings) {
  bool ok = true;
  const PvcFacts& pvc = plan.pvc;
  for (const RepoPlan& rp : plan.repos) {
    if (rp.repository.empty()) continue;  // managed elsewhere (existing credentials)
    auto [it, fresh] = owner_.try_emplace(rp.repository, pvc.namespace_, pvc.name);
    if (fresh) continue;
    ok = false;
    findings.push_back(Finding{.severity = Severity::kError,
                               .rule = "repository-shared",
                               .message = "PVC " + pvc.namespace_ + "/" + pvc.name +
                                          " would use the same repository as PVC " + it->second.first + "/" +
                                          it->second.second,
                               .resource = pvc.origin.resource,
                               .file = pvc.origin.file,
                               .line = pvc.origin.line,
                               .hint = "every PVC needs its own repository path"});
  }
  return ok;
}

}  // namespace vg
