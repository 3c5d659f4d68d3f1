// The namespace policy in `volsync-gen inventory`: the policy itself, and each selected PVC it
// refuses (action warn; action error fails the run), so a PVC someone expects to be backed up is
// visibly not.
#pragma once
#include <string>
#include <vector>

#include "krm/finding.h"
#include "volsync/namespace_policy.h"

namespace vg {

struct RefusedPvc {
  std::string ns, pvc;
  std::string by;  // "spec.namespaces.exclude[0] (sandbox-*)"
};

// The PVCs the run's findings say the policy refused (rule namespace-policy-skipped), in input order.
std::vector<RefusedPvc> refused_by_policy(const Findings& findings, const NamespacePolicy& policy);
// The per-PVC policy column: "all namespaces", "allowed by spec.namespaces.include[1] (apps-*)", ...
std::string policy_verdict_text(const NamespacePolicy& policy, const std::string& ns);
// "Namespace policy: ..." and, if any, a table of refused PVCs.
std::string policy_markdown(const NamespacePolicy& policy, const std::vector<RefusedPvc>& refused);
// "namespacePolicy": {"include": [...], "exclude": [...], "action": "...", "refused": [...]}
std::string policy_json(const NamespacePolicy& policy, const std::vector<RefusedPvc>& refused);

}  // namespace vg
