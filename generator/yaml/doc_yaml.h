// Conversions between Doc and yaml-cpp nodes: for tests, which check the Doc reader against
// yaml-cpp as a second parser, and for the last edges that still hold yaml-cpp trees (krm/item.h's
// Item::node, render). Configs, templates and CRDs never pass through here. Tags and marks carry over.
#pragma once
#include <yaml-cpp/yaml.h>

#include "yaml/doc.h"

namespace vg {

// Aliased (shared) yaml-cpp nodes are copied once per path to them: callers pass trees whose
// aliases the scanner has already bounded.
Doc to_doc(const YAML::Node& n);
YAML::Node to_yaml(const Doc& d);

}  // namespace vg
