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

// Checks one ReplicationSource or ReplicationDestination (other kinds: nothing).
void check_volsync_object(const Doc& obj, const RuleContext& ctx, Findings& out);

}  // namespace vg
