// Changes to objects inside a List, written into the List's own text. kubectl and kustomize read
// the objects of a List as objects of their own, so volsync-gen edits one (a PVC's dataSourceRef, a
// source Secret's local-config annotation) or replaces one it generated earlier; the List is then
// written as the user wrote it, byte for byte, except for those objects.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "krm/scan.h"

namespace vg {

struct ListItemEdit {
  const ItemSpan* item = nullptr;   // an object of the List, at any depth (its span is in the same input)
  bool in_flow = false;             // the `items` it belongs to are a flow sequence (`[...]`, JSON)
  std::optional<std::string> text;  // its new content as block YAML at column 0; none: remove it
};

// The List's text at column 0 (as item_text gives it) with the edits made. Nothing when an edit
// cannot be made in place (an object to remove whose `- ` cannot be found, overlapping edits).
// A List whose last object is removed is left with `items:` and no value, which kubectl and
// kustomize read as no items.
std::optional<std::string> edited_list_text(std::string_view input, const ItemSpan& list,
                                            std::vector<ListItemEdit> edits);

}  // namespace vg
