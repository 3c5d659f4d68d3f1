// Conversions between Doc and yaml-cpp nodes, for the edges that still read with yaml-cpp (the
// functionConfig, lint's input objects) and for tests. Tags and marks carry over.
#pragma once
#include <yaml-cpp/yaml.h>

#include "yaml/doc.h"

namespace vg {

// Aliased (shared) yaml-cpp nodes are copied once per path to them: callers pass trees whose
// aliases the scanner has already bounded.
Doc to_doc(const YAML::Node& n);
YAML::Node to_yaml(const Doc& d);

}  // namespace vg
