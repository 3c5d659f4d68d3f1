// What the runtime rules of lint_runtime_rules.h read of one object, beside the facts of
// lint_cross.h (which holds one of these).
#pragma once
#include <string>

namespace vg {

struct LintRuntimeFacts {
  // ReplicationSource / ReplicationDestination.
  int privileged_movers_line = 0;  // annotated volsync.backube/privileged-movers (0: not)
  std::string destination_pvc;     // spec.<mover>.destinationPVC of a ReplicationDestination
  std::string destination_pvc_field;
  int destination_pvc_line = 0;

  // A Secret of a kustomize secretGenerator whose name kustomize suffixes with -<hash>.
  bool hash_suffix = false;
};

}  // namespace vg
