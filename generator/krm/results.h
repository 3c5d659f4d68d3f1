// KRM `results` entries for findings: the function's report inside the ResourceList it returns.
#pragma once
#include <string>

#include "krm/finding.h"

namespace vg {

// Appends `results:` with one entry per finding (nothing when there are none). Findings never hold
// Secret values, so neither do results.
void emit_results(std::string& out, const Findings& findings);

}  // namespace vg
