// VolSync's runtime rules: what the CRD schema lets through but the controller or the restic
// mover rejects or does badly, only in the cluster. Each rule has an id, a severity and a fix.
#pragma once
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "krm/finding.h"

namespace vg {

struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view summary;
  std::string_view hint;
};

const std::vector<RuleInfo>& volsync_rules();

struct RuleContext {
  ResourceRef resource;
  std::string file;
  int line_offset = 0;  // line of the object's first line, minus one
  std::vector<std::string> disabled;
};

// Checks one ReplicationSource or ReplicationDestination (other kinds: nothing).
void check_volsync_object(const Doc& obj, const RuleContext& ctx, Findings& out);

}  // namespace vg
