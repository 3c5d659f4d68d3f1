// An input item: its span in the input bytes, and a yaml-cpp tree only for the kinds we read.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "yaml/doc.h"
#include "krm/finding.h"
#include "krm/scan.h"

namespace vg {

// Marks objects volsync-gen generated, so a re-run replaces them instead of adding copies.
inline constexpr const char* kSourcePvcAnnotation = "volsync-gen.io/source-pvc";
inline constexpr const char* kLocalConfigAnnotation = "config.kubernetes.io/local-config";
inline constexpr const char* kPrivilegedMoversAnnotation = "volsync.backube/privileged-movers";

struct Item {
  ItemSpan span;
  YAML::Node node;         // parsed lazily for PVCs, Secrets, VolSync objects
  bool parsed = false;
  bool generated = false;  // carries kSourcePvcAnnotation
};

// Kinds whose content the function reads; every other item is copied through untouched.
bool wants_tree(const ItemSpan& span);

// Builds item.node from the item's text. yaml-cpp errors (incl. DeepRecursion) become findings
// located at the item's lines.
bool parse_item(std::string_view input, Item& item, Findings& findings);

// The item as a Doc (libyaml; no yaml-cpp tree). Errors become findings located at the item's lines.
bool parse_item_doc(std::string_view input, const ItemSpan& span, Doc& out, Findings& findings);

// n[path[0]][path[1]]... without yaml-cpp's InvalidNode exception when a step is missing or not
// a map: an undefined node instead.
YAML::Node child(const YAML::Node& n, std::initializer_list<const char*> path);

// metadata.annotations[key] as a string, or empty.
std::string annotation_of(const YAML::Node& obj, const std::string& key);

// Sets metadata.annotations[key] = value (a string), creating the maps as needed.
void set_annotation(YAML::Node& obj, const std::string& key, const std::string& value);

// The same for Docs.
std::string annotation_of(const Doc& obj, std::string_view key);
void set_annotation(Doc& obj, std::string_view key, std::string value);

// A finding about an item, located at its first line.
Finding item_finding(const ItemSpan& span, std::string rule, std::string message,
                     std::string field = {}, std::string hint = {});

}  // namespace vg
