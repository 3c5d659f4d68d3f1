// yaml-cpp as the second, independent YAML parser of the tests and the Doc fuzzer: conversions
// between Doc and yaml-cpp nodes (tags and marks carry over), and node builders and the block writer
// for yaml-cpp trees. Not part of volsync-gen: the binary reads and writes YAML with Doc alone.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "yaml/doc.h"

namespace vg {

// Aliased (shared) yaml-cpp nodes are copied once per path to them: callers pass trees whose
// aliases the scanner has already bounded.
Doc to_doc(const YAML::Node& n);
YAML::Node to_yaml(const Doc& d);

// Scalars that record whether they are strings (written quoted when a YAML 1.1 or 1.2 reader would
// type them) or numbers/bools written as they are.
YAML::Node str_node(std::string_view s);
YAML::Node int_node(long long v);
YAML::Node bool_node(bool v);
bool is_string_scalar(const YAML::Node& n);

// emit_block (yaml/emit.h) for a yaml-cpp tree.
void emit_block(std::string& out, const YAML::Node& node, int indent);
std::string block(const YAML::Node& n, int indent = 0);

// The value a reader takes a scalar for: a string (quoted, or plain and not implicitly typed) or a
// typed plain value, for whole trees. Comparing these is comparing meaning, not spelling.
std::string meaning(const YAML::Node& n);

// Strings a YAML 1.1 or 1.2 reader would type, or that carry YAML syntax.
extern const std::vector<const char*> kTrickyStrings;

}  // namespace vg
