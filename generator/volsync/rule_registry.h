// Every rule id volsync-gen can report, from any subcommand: the input and its limits, the config,
// the CRD schema, VolSync's runtime rules, the function's own checks, lint's cross-object rules and
// render's. `lint --list-rules`, SARIF's rule table, docs/lint.md and `rules.disabled` / `--disable`
// all read this one table; tests/rule_registry_test.cc fails when code reports an id not in it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "krm/finding.h"

namespace vg {

// Where a rule comes from; decides whether it can be disabled (see can_disable).
enum class RuleGroup {
  kInput,        // the input could not be read as YAML objects, or broke a limit
  kSchema,       // the CRD schema
  kRuntime,      // VolSync's runtime rules on one ReplicationSource/Destination (rules.h)
  kCrossObject,  // lint: rules across objects, and about Secrets and PVCs
  kConfig,       // the function's configuration, PVC annotations and source Secrets
  kFunction,     // the function's checks of what it generates
  kRender,       // render's inputs and output directory
};

struct RuleInfo {
  std::string_view id;
  Severity severity;  // the usual severity; a few rules report milder cases one level lower
  RuleGroup group;
  std::string_view summary;
  std::string_view hint;
  // Whether rules.disabled / --disable may turn it off. Rules that say the input, the config or an
  // object the API server would refuse is wrong cannot: silencing them would emit broken output
  // or hide why there is none. Runtime, cross-object and warning-level rules are judgements about
  // the cluster that the user may know better about (a policy that injects moverVolumes, IRSA
  // instead of AWS keys), so they can.
  bool can_disable;
};

// The whole registry, grouped as RuleGroup is ordered.
const std::vector<RuleInfo>& rule_registry();
const RuleInfo* find_rule(std::string_view id);
const char* rule_group_name(RuleGroup g);  // "input", "schema", ...

// Checks rule ids given to rules.disabled or --disable: an unknown id, or one that cannot be
// disabled, is an error finding (rule "config") naming the id, with "did you mean" for a typo.
// `where` locates the findings (file, line, field, resource are copied from it).
void check_disabled_rules(const std::vector<std::string>& ids, const Finding& where, Findings& out);

// Whether a finding of rule `id` is dropped under `disabled` (never for rules that cannot be).
bool rule_disabled(std::string_view id, const std::vector<std::string>& disabled);

// Drops the findings whose rule is disabled. The last step of the function's and lint's pipelines.
void drop_disabled(Findings& findings, const std::vector<std::string>& disabled);

}  // namespace vg
