// Templates are YAML files whose scalars may hold ${var} placeholders. They are parsed first and
// substituted after, node by node, so a value from an annotation is always data: it can never
// open a mapping, close a string or add a field.
//   key: ${var}      whole scalar: replaced by the variable's node (string, number, map or list)
//   key: ${var?}     same, but the key (or list entry) is dropped when the variable is unset
//   key: a-${var}-b  interpolation into a string; the variable must be a scalar
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "krm/finding.h"

namespace vg {

using Vars = std::map<std::string, Doc, std::less<>>;  // an undefined/null Doc means "unset"

struct Template {
  std::string name;    // "replicationsource"
  std::string source;  // "templates/replicationsource.yaml" or the user's file path
  Doc root;
};

struct TemplateSet {
  Template secret, replication_source, replication_destination, external_secret;
  // The kopia mover's (the Secret and ExternalSecret templates serve both movers).
  Template kopia_replication_source, kopia_replication_destination, kopia_maintenance;
};

// Every variable a template may use, for load-time checks and the docs.
const std::vector<std::string>& template_variables();

// Loads the four templates from `dir`, or the embedded ones when `dir` is empty. Placeholders
// are checked here (syntax, known names), so a broken template fails before any PVC is touched.
bool load_templates(const std::string& dir, TemplateSet& out, Findings& findings);

// Substituted deep copy of `t`. Errors (a required variable unset) become findings.
std::optional<Doc> expand(const Template& t, const Vars& vars, Findings& findings);

}  // namespace vg
