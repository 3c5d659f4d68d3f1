// lint: checks VolSync objects people wrote by hand (or templated), their repository Secrets and the
// PVCs that restore from them. Per object: the CRD schema and VolSync's runtime rules (validate.h);
// across objects: repositories written twice, RS/RD name clashes, volume-populator references, Secret
// keys. The command (cmd_lint.cc) only reads inputs and picks an output format (report_format.h).
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "krm/finding.h"
#include "yaml/limits.h"
#include "volsync/rule_registry.h"

namespace vg {

struct LintSource {
  std::string name;  // file path as given, or "<stdin>"
  std::string text;
};

struct LintOptions {
  std::vector<std::string> schema_paths;  // --schemas: CRD files/directories instead of the embedded ones
  std::vector<std::string> disabled;      // --disable: rule ids, checked by check_disabled_rules
  Limits limits;
};

// One object lint looked at (VolSync objects, Secrets, PVCs), for summaries and the corpus test.
struct LintedObject {
  std::string file;
  int line = 0;
  ResourceRef ref;
};

struct LintResult {
  Findings findings;
  std::vector<LintedObject> objects;
  // An input could not be read or parsed (or --schemas could not be loaded): exit status 2.
  bool input_error = false;
};

// Files as given, directories recursively (*.yaml, *.yml, sorted), "-" for stdin. Unreadable paths
// become findings (rule `input-unreadable`) and set input_error.
void collect_sources(const std::vector<std::string>& paths, std::FILE* in, const Limits& limits,
                     std::vector<LintSource>& out, LintResult& result);

// Lints all sources together: cross-object rules see every object of every source.
void lint_sources(const std::vector<LintSource>& sources, const LintOptions& options, LintResult& result);

// 0 clean (warnings and info allowed), 1 an error finding, 2 an input error.
int lint_exit_code(const LintResult& result);

}  // namespace vg
