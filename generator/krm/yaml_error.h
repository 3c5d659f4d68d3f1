// A Doc reader error (yaml/doc.h) as a finding, for every file read whole: config files, templates,
// CRDs. The rule ids are the scanner's, so a broken limit reads the same wherever the YAML came in.
#pragma once
#include <string>

#include "krm/finding.h"
#include "yaml/doc.h"

namespace vg {

// `first_line`: the line in `file` where the parsed text starts (1 for a whole file); 0 when the
// text's lines do not map onto the file (kpt re-serialized it), then the finding names the file only.
Finding yaml_error_finding(const DocParseError& e, std::string file, int first_line = 1);

}  // namespace vg
