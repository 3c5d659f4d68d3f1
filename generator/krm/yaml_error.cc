#include "krm/yaml_error.h"

namespace vg {

Finding yaml_error_finding(const DocParseError& e, std::string file, int first_line) {
  Finding f;
  f.rule = e.rule.empty() ? "yaml-parse" : e.rule;
  f.message = f.rule == "yaml-parse" ? "malformed YAML: " + e.message : e.message;
  f.file = std::move(file);
  f.line = first_line > 0 && e.line > 0 ? first_line + e.line - 1 : 0;
  return f;
}

}  // namespace vg
