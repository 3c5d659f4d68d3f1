// VolSync's runtime rules: what the CRD schema lets through but the controller or the restic
// mover rejects or does badly, only in the cluster. Their ids, severities and fixes are the
// kRuntime rules of the registry (rule_registry.h).
#pragma once
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "krm/finding.h"
#include "volsync/rule_registry.h"

namespace vg {

struct RuleContext {
  ResourceRef resource;
  std::string file;
  int line_offset = 0;  // line of the object's first line, minus one
};

// A finding of rule `id` about the node `at` of the object: the registry's severity, and its hint
// unless one is given. Every object rule (rules.cc, kopia_rules.cc) reports through it.
Finding rule_finding(std::string_view id, const Doc& at, const RuleContext& ctx, std::string field, std::string message,
                     std::string hint = {});

// Checks one ReplicationSource or ReplicationDestination (other kinds: nothing).
void check_volsync_object(const Doc& obj, const RuleContext& ctx, Findings& out);

}  // namespace vg
