#include "krm/yaml_error.h"

namespace vg {

Finding yaml_error_finding(const DocParseError& e, std::string file, int first_line) {
  const bool syntax = e.rule.empty() || e.rule == "yaml-parse";
  return Finding{.rule = syntax ? "yaml-parse" : e.rule,
                 .message = syntax ? "malformed YAML: " + e.message : e.message,
                 .file = std::move(file),
                 .line = first_line > 0 && e.line > 0 ? first_line + e.line - 1 : 0};
}

}  // namespace vg
