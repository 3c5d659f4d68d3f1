// lint's rules for the Kopia mover (perfectra1n/volsync v0.17.11, ../shared/research/kopia.md) that
// need more than one object: the repository Secret a kopia object names (the keys the controller
// requires, the backend the mover picks by keys, keys it never passes, the NFS path), and the
// identity a destination restores. The one-object rules are volsync/kopia_rules.h.
#pragma once
#include <vector>

#include "cli/lint_cross.h"

namespace vg {

void kopia_cross_rules(const std::vector<LintFacts>& objects, const LintReport& report);

}  // namespace vg
