// Streaming pass over the input bytes (libyaml events): finds where each item starts and ends,
// what it is (apiVersion/kind/name/namespace, kpt path annotation), and enforces the limits.
// No tree is built here: untouched items are later copied through byte for byte.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "krm/finding.h"
#include "yaml/limits.h"

namespace vg {

struct ItemSpan {
  std::size_t begin = 0;  // byte offsets in the input of the item's own node
  std::size_t end = 0;
  int line = 1;           // 1-based line of `begin`
  int column = 0;         // 0-based column of `begin` (characters)
  bool flow = false;      // `{...}` style (JSON input), copied with its own layout
  std::string api_version, kind, name, namespace_;
  std::string path;       // internal.config.kubernetes.io/path or config.kubernetes.io/path
  bool has_alias = false;
  int path_index = -1;     // internal.config.kubernetes.io/index or config.kubernetes.io/index; -1: none
  bool generated = false;  // carries a non-empty volsync-gen.io/source-pvc annotation (a previous run made it)
  std::string source_pvc;  // that annotation's value
  bool managed_label = false;  // label app.kubernetes.io/managed-by: volsync-gen
  // The objects of a List (`kind: List`, or any kind ending in `List` that has `items`), as kubectl
  // and kustomize unpack them, in order; a nested List holds its own. Empty for any other object.
  // An item without a path annotation of its own takes its List's (the file kpt read it from).
  std::vector<ItemSpan> items;
  bool is_list = false;     // a List as above, even one with no items
  // A merge key (`<<`) at the object's top, in its metadata or annotations: the identity above may
  // be incomplete, the object's tree (which resolves merges) has the rest.
  bool merged_identity = false;
  bool flow_items = false;  // `items: [...]`: the list cannot be edited item by item in place

  ResourceRef ref() const { return {api_version, kind, name, namespace_}; }
  // The line to report next to `path`: input lines of a ResourceList that kpt re-serialized do
  // not map onto the file it read, so with a kpt path the finding names the file only.
  int file_line() const { return path.empty() ? line : 0; }
};

enum class InputShape { kResourceList, kStream };

struct ScanResult {
  InputShape shape = InputShape::kResourceList;
  std::string list_api_version;  // echoed in the output ResourceList
  std::vector<ItemSpan> items;
  std::optional<ItemSpan> function_config;
};

// A KRM ResourceList (one document, kind ResourceList or List with items).
bool scan_resource_list(std::string_view input, const Limits& limits, ScanResult& out,
                        Findings& findings);
// A plain multi-document YAML stream of objects (legacy kustomize plugins, lint files).
bool scan_stream(std::string_view input, const Limits& limits, ScanResult& out,
                 Findings& findings);
// Either: a single document with kind ResourceList/List is unwrapped, anything else is a stream.
bool scan_any(std::string_view input, const Limits& limits, ScanResult& out, Findings& findings);

// The item's text re-indented so that its node starts at column 0: parseable on its own and
// ready to be written back under `- `. Block items only shift indentation; flow items are verbatim.
std::string item_text(std::string_view input, const ItemSpan& span);

// Whether kubectl and kustomize unpack an object of this kind that has `items`.
bool list_kind(std::string_view kind);

// The objects kubectl reads: each List replaced by its items, nested Lists too (a List with no
// items contributes nothing). For readers that never write the input back (lint, render).
void unpack_lists(std::vector<ItemSpan>& items);

}  // namespace vg
